package org.nesjam.app.bench;

import java.util.Locale;
import org.nesjam.bench.GenBenchmark;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import org.nesjam.app.cli.Checks;
import org.nesjam.app.cli.ModelOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.nesjam.bench.Percentiles;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.ModelRunner;
import org.nesjam.gen.model.NesModel;

/**
 * {@code nesjam bench gen}: the generator's speed on one
 * ORT thread ({@link GenBenchmark}): tokens/s and p50/p99 per-token latency with a full window, full-window
 * prefill, and a rollback that regenerates 1 s of music. Prints every run and the medians. [main-thread]
 */
@Command(name = "gen", mixinStandardHelpOptions = true,
        versionProvider = org.nesjam.app.cli.NesjamCommand.Version.class,
        description = "Generator tokens/s, p50/p99 per token, prefill, rollback.")
final class GenBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private int runs = 5;
    private int tokens = 3000;
    private int slots = ModelRunner.DEFAULT_ROLLBACK_SLOTS;

    @Option(names = "--runs", paramLabel = "N", description = "measured runs, 1..1000 (default 5)")
    void runs(int n) {
        runs = Checks.range(spec, "--runs", n, 1, 1000);
    }

    @Option(names = "--tokens", paramLabel = "N", description = "tokens a run, 100..1000000 (default 3000)")
    void tokens(int n) {
        tokens = Checks.range(spec, "--tokens", n, 100, 1_000_000);
    }

    @Option(names = "--slots", paramLabel = "N", description = "rollback slots of the KV ring, 0..4096 (default 128)")
    void slots(int n) {
        slots = Checks.range(spec, "--slots", n, 0, 4096);
    }

    @Mixin
    ModelOption modelOption;

    @Override
    public Integer call() {
        try (NesModel model = modelOption.load()) {
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
