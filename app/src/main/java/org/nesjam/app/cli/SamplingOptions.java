package org.nesjam.app.cli;

import org.nesjam.gen.jam.JamParams;
import org.nesjam.plugin.ParamInfo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The sampling options of {@code generate} and {@code jam}: {@code --temp}, {@code --topk}, {@code --topp} (each
 * checked against the generator's parameter range, {@link JamParams}, so both commands take the same values) and
 * {@code --seed}. Absent values are null: each command has its defaults (jam: the preset's or scene's).
 */
public final class SamplingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    Double temp;
    Integer topK;
    Double topP;
    Long seed;

    @Option(names = "--temp", paramLabel = "T", description = "sampling temperature, 0.05..3 (default 1)")
    void temp(double t) {
        temp = param(spec, "--temp", "temperature", t);
    }

    @Option(names = "--topk", paramLabel = "K", description = "sample among the K likeliest tokens, 0..631 (0: off,"
            + " the default)")
    void topK(int k) {
        topK = (int) param(spec, "--topk", "topk", k);
    }

    @Option(names = "--topp", paramLabel = "P", description = "nucleus sampling, 0.05..1 (1: off; default 0.98)")
    void topP(double p) {
        topP = param(spec, "--topp", "topp", p);
    }

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: from the clock; printed)")
    void seed(long s) {
        seed = s;
    }

    /** The seed given, or one from the clock. */
    long seedOrClock() {
        return seed != null ? seed : System.nanoTime() & 0xffffffL;
    }

    /** {@code value} of option {@code option} checked against the generator parameter {@code key}'s range. */
    static double param(CommandSpec spec, String option, String key, double value) {
        ParamInfo info = JamParams.byKey(key);
        return Checks.range(spec, option, value, info.min(), info.max());
    }
}
