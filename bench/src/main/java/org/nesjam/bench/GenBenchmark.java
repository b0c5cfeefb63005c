package org.nesjam.bench;

import java.util.Arrays;
import org.nesjam.gen.model.Generator;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.ModelRunner;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.model.SongCache;
import org.nesjam.gen.model.TokenMask;
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

    /**
     * One run's figures. Wall-clock figures include time the OS gave other processes; the CPU figures are this
     * thread's CPU time (ORT with one intra-op thread runs on the calling thread), i.e. what the run costs on a
     * core of its own.
     */
    public record Run(double tokensPerSecond, double p50Micros, double p99Micros, double maxMicros,
                      double prefillMillis, double rollbackMillis, double cpuTokensPerSecond, double cpuP50Micros,
                      double cpuP99Micros, double cpuPrefillMillis, double cpuRollbackMillis) {
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private GenBenchmark() {
    }

    /**
     * @param tokens        steady-state tokens timed per run
     * @param rollbackSlots ring slots beyond the window ({@link ModelRunner#DEFAULT_ROLLBACK_SLOTS}; the jam uses
     *                      its own): every step attends over window + slots
     */
    public static Run run(NesModel model, int tokens, long seed, int rollbackSlots) throws ModelException {
        try (ModelRunner runner = model.newRunner(rollbackSlots)) {
            Sampler sampler = new Sampler(Tx1Vocab.SIZE, seed);
            // the in-song cache at its default, as generate and jam sample: its history scan is part of a token's cost
            Generator g = new Generator(runner, sampler).cache(new SongCache(Tx1Vocab.SIZE));
            TokenMask mask = new TokenMask().noSeparator();
            g.start(new int[] {Tx1Vocab.SEP});
            int window = runner.window();
            for (int i = 0; i < window + 64; i++) { // fill the window: steady state
                g.next(mask);
            }
            long[] lat = new long[tokens];
            long[] cpu = new long[tokens];
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            for (int i = 0; i < tokens; i++) {
                long s = System.nanoTime();
                long cs = cpuNanos();
                g.next(mask);
                cpu[i] = cpuNanos() - cs;
                lat[i] = System.nanoTime() - s;
            }
            long total = System.nanoTime() - t0;
            long cpuTotal = cpuNanos() - c0;
            Arrays.sort(lat);
            Arrays.sort(cpu);
            // prefill of a full window from an empty cache
            int[] hist = g.tokens();
            runner.reset();
            long p0 = System.nanoTime();
            long pc0 = cpuNanos();
            runner.prefill(hist, hist.length - window, hist.length, null);
            long prefill = System.nanoTime() - p0;
            long cpuPrefill = cpuNanos() - pc0;
            // rollback 1 s of music and regenerate it
            Generator r = new Generator(runner, sampler).cache(new SongCache(Tx1Vocab.SIZE));
            r.start(Arrays.copyOfRange(hist, hist.length - window, hist.length));
            int back = (int) Math.min(Math.round(TOKENS_PER_MUSIC_SECOND), r.length() - 1);
            long r0 = System.nanoTime();
            long rc0 = cpuNanos();
            r.rollback(r.length() - back);
            for (int i = 0; i < back; i++) {
                r.next(mask);
            }
            long rollback = System.nanoTime() - r0;
            long cpuRollback = cpuNanos() - rc0;
            return new Run(tokens / (total / 1e9), Percentiles.of(lat, 0.5) / 1e3, Percentiles.of(lat, 0.99) / 1e3,
                    lat[tokens - 1] / 1e3, prefill / 1e6, rollback / 1e6, tokens / (cpuTotal / 1e9),
                    Percentiles.of(cpu, 0.5) / 1e3, Percentiles.of(cpu, 0.99) / 1e3, cpuPrefill / 1e6,
                    cpuRollback / 1e6);
        }
    }

}
