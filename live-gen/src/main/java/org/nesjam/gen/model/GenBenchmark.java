package org.nesjam.gen.model;

import java.util.Arrays;
import org.nesjam.gen.tokens.Tx1Vocab;

/**
 * Generation benchmark (run by {@code nesjam bench gen}): steady-state tokens/s and per-token latency with a full
 * window (sample + one model step per token, ring cache full, so every step attends over the whole window), the
 * cost of prefilling a full window, and the cost of a rollback that regenerates one second of music (58 tokens at
 * NES-MDB's average 57.5 tokens/s). Each figure is measured {@code runs} times; callers report medians.
 * [main-thread]
 */
public final class GenBenchmark {
    /** Tokens per second of music in NES-MDB (model-runtime.md). */
    public static final double TOKENS_PER_MUSIC_SECOND = 57.5;

    /** One run's figures. */
    public record Run(double tokensPerSecond, double p50Micros, double p99Micros, double maxMicros,
                      double prefillMillis, double rollbackMillis) {
    }

    private GenBenchmark() {
    }

    /**
     * @param tokens steady-state tokens timed per run
     */
    public static Run run(NesModel model, int tokens, long seed) throws ModelException {
        try (ModelRunner runner = model.newRunner()) {
            Sampler sampler = new Sampler(Tx1Vocab.SIZE, seed);
            Generator g = new Generator(runner, sampler);
            TokenMask mask = new TokenMask().noSeparator();
            g.start(new int[] {Tx1Vocab.SEP});
            int window = runner.window();
            for (int i = 0; i < window + 64; i++) { // fill the window: steady state
                g.next(mask);
            }
            long[] lat = new long[tokens];
            long t0 = System.nanoTime();
            for (int i = 0; i < tokens; i++) {
                long s = System.nanoTime();
                g.next(mask);
                lat[i] = System.nanoTime() - s;
            }
            long total = System.nanoTime() - t0;
            Arrays.sort(lat);
            // prefill of a full window from an empty cache
            int[] hist = g.tokens();
            runner.reset();
            long p0 = System.nanoTime();
            runner.prefill(hist, hist.length - window, hist.length, null);
            long prefill = System.nanoTime() - p0;
            // rollback 1 s of music and regenerate it
            Generator r = new Generator(runner, sampler);
            r.start(Arrays.copyOfRange(hist, hist.length - window, hist.length));
            int back = (int) Math.min(Math.round(TOKENS_PER_MUSIC_SECOND), r.length() - 1);
            long r0 = System.nanoTime();
            r.rollback(r.length() - back);
            for (int i = 0; i < back; i++) {
                r.next(mask);
            }
            long rollback = System.nanoTime() - r0;
            return new Run(tokens / (total / 1e9), lat[tokens / 2] / 1e3, lat[(int) (tokens * 0.99)] / 1e3,
                    lat[tokens - 1] / 1e3, prefill / 1e6, rollback / 1e6);
        }
    }

    /** Median of {@code values}. */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
