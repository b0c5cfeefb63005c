package org.nesjam.app;

import java.util.Locale;
import org.nesjam.bench.GenBenchmark;
import org.nesjam.bench.Percentiles;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.ModelRunner;
import org.nesjam.gen.model.NesModel;

/**
 * {@code nesjam bench gen [--model FILE] [--runs 5] [--tokens 3000] [--slots 128]}: the generator's speed on one
 * ORT thread ({@link GenBenchmark}): tokens/s and p50/p99 per-token latency with a full window, full-window
 * prefill, and a rollback that regenerates 1 s of music. Prints every run and the medians. [main-thread]
 */
final class GenBench {
    private GenBench() {
    }

    static int run(Args args) {
        int runs = args.getInt("runs", 5);
        int tokens = args.getInt("tokens", 3000);
        int slots = args.getInt("slots", ModelRunner.DEFAULT_ROLLBACK_SLOTS);
        if (runs < 1 || tokens < 100 || slots < 0 || slots > 4096) {
            throw new UserError("bench gen: --runs must be >= 1, --tokens >= 100, --slots 0..4096");
        }
        try (NesModel model = ModelOption.load(args)) {
            System.out.println("model " + model.source() + ": " + model.info().describe() + "; KV ring "
                    + model.info().context() + " + " + slots + " rollback slots");
            GenBenchmark.run(model, Math.min(tokens, 500), 0, slots); // warm-up (JIT, ORT allocations)
            double[] tps = new double[runs];
            double[] p50 = new double[runs];
            double[] p99 = new double[runs];
            double[] prefill = new double[runs];
            double[] rollback = new double[runs];
            double[] ctps = new double[runs];
            double[] c50 = new double[runs];
            double[] c99 = new double[runs];
            double[] cpre = new double[runs];
            double[] croll = new double[runs];
            for (int i = 0; i < runs; i++) {
                GenBenchmark.Run r = GenBenchmark.run(model, tokens, i + 1, slots);
                tps[i] = r.tokensPerSecond();
                p50[i] = r.p50Micros();
                p99[i] = r.p99Micros();
                prefill[i] = r.prefillMillis();
                rollback[i] = r.rollbackMillis();
                ctps[i] = r.cpuTokensPerSecond();
                c50[i] = r.cpuP50Micros();
                c99[i] = r.cpuP99Micros();
                cpre[i] = r.cpuPrefillMillis();
                croll[i] = r.cpuRollbackMillis();
                System.out.printf(Locale.ROOT, "run %d: wall %.0f tokens/s, p50 %.0f us, p99 %.0f us, max %.0f us, "
                        + "prefill %.1f ms, rollback %.1f ms | cpu %.0f tokens/s, p50 %.0f us, p99 %.0f us, prefill"
                        + " %.1f ms, rollback %.1f ms%n", i + 1, tps[i], p50[i], p99[i], r.maxMicros(), prefill[i],
                        rollback[i], ctps[i], c50[i], c99[i], cpre[i], croll[i]);
            }
            double t = Percentiles.median(tps);
            System.out.printf(Locale.ROOT, "wall-clock tokens/s %.0f (median of %d runs x %d tokens, full window, 1 ORT thread; "
                    + "%.1fx real time at %.1f tokens per second of music)%n", t, runs, tokens,
                    t / GenBenchmark.TOKENS_PER_MUSIC_SECOND, GenBenchmark.TOKENS_PER_MUSIC_SECOND);
            System.out.printf(Locale.ROOT, "latency p50 %.3f ms, p99 %.3f ms per token (sample + step; medians)%n",
                    Percentiles.median(p50) / 1e3, Percentiles.median(p99) / 1e3);
            System.out.printf(Locale.ROOT, "prefill %.1f ms for a full window of %d tokens (median)%n",
                    Percentiles.median(prefill), model.info().context());
            System.out.printf(Locale.ROOT, "rollback %.1f ms to drop and regenerate 1 s of music (%d tokens; median)%n",
                    Percentiles.median(rollback), Math.round(GenBenchmark.TOKENS_PER_MUSIC_SECOND));
            double ct = Percentiles.median(ctps);
            System.out.printf(Locale.ROOT, "cpu-time (this thread's CPU time: the cost on an unshared core): %.0f tokens/s"
                    + " (%.1fx real time), p50 %.3f ms, p99 %.3f ms per token, prefill %.1f ms, rollback %.1f ms%n", ct,
                    ct / GenBenchmark.TOKENS_PER_MUSIC_SECOND, Percentiles.median(c50) / 1e3,
                    Percentiles.median(c99) / 1e3, Percentiles.median(cpre), Percentiles.median(croll));
            System.out.printf(Locale.ROOT, "load average %.2f on %d cores during the runs (wall figures include other"
                    + " processes' share)%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        } catch (ModelException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }
}
