package org.nesjam.jmh;

import java.util.concurrent.TimeUnit;
import org.nesjam.gen.model.Generator;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.ModelRunner;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.model.TokenMask;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One token step of the shipped model ({@link ModelRunner#step}: one ONNX Runtime run with the ring cache full, so
 * the step attends over the whole window), the model's share of a generated token. The tokens fed are a sequence
 * the model generated itself in setup, cycled, so the cache holds music, not noise. {@code nesjam bench gen} measures
 * the whole token (sampling and the in-song cache included) with percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModelStepBench {
    private NesModel model;
    private ModelRunner runner;
    private int[] tokens;
    private int next;

    @Setup
    public void fullWindow() throws ModelException {
        model = NesModel.loadDefault();
        runner = model.newRunner();
        Generator g = new Generator(runner, new Sampler(Tx1Vocab.SIZE, 1));
        TokenMask mask = new TokenMask().noSeparator();
        g.start(new int[] {Tx1Vocab.SEP});
        for (int i = 0; i < runner.window() + 64; i++) {
            g.next(mask);
        }
        tokens = g.tokens();
    }

    /** Feeds the next token; returns a logit so the work cannot be skipped. */
    @Benchmark
    public float step() throws ModelException {
        runner.step(tokens[next]);
        next = (next + 1) % tokens.length;
        return runner.logits()[0];
    }

    /**
     * A reaction's first model call: the last two tokens dropped and fed again as one chunk (the main graph), as a
     * player's note after a rollback feeds a wait and the note.
     */
    @Benchmark
    public float chunkOfTwo() throws ModelException {
        long n = runner.position() - 2;
        runner.truncate(n);
        runner.prefill(tokens, (int) n, (int) n + 2, null);
        return runner.logits()[0];
    }

    /** The same two tokens fed again as two single-token steps (the step graph). The position stays at the setup's
     * end in both, so {@code tokens[n]} is the token at position n. */
    @Benchmark
    public float twoSteps() throws ModelException {
        long n = runner.position() - 2;
        runner.truncate(n);
        runner.step(tokens[(int) n]);
        runner.step(tokens[(int) n + 1]);
        return runner.logits()[0];
    }

    @TearDown
    public void close() {
        runner.close();
        model.close();
    }
}
