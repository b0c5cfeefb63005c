package org.nesjam.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.model.TokenMask;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One draw of the sampler over the full TX1 vocabulary with the jam's kind of mask (no separator) at the given
 * top-k (0 = off), from fixed pseudo-random logits (seeded: every fork sees the same distribution). The sampler's
 * share of a generated token, without the model step and without the in-song cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SamplerBench {
    @Param({"0", "32"})
    public int topK;

    private final float[] logits = new float[Tx1Vocab.SIZE];
    private final TokenMask mask = new TokenMask().noSeparator();
    private Sampler sampler;

    @Setup
    public void logits() {
        Random random = new Random(7);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 3);
        }
        sampler = new Sampler(Tx1Vocab.SIZE, 11).temperature(1.0).topK(topK);
    }

    @Benchmark
    public int sample() {
        return sampler.sample(logits, mask);
    }
}
