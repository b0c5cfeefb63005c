package org.nesjam.app.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --rate HZ} of the offline commands (render, generate, check-midi); the same check as the live ones'. */
public final class RateOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    int rate = 48000;

    @Option(names = "--rate", paramLabel = "HZ", description = "sample rate: 44100, 48000, 88200 or 96000 (default"
            + " 48000)")
    void rate(int hz) {
        rate = Checks.sampleRate(spec, hz);
    }
}
