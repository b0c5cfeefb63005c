package org.nesjam.app.cli;

import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one range check of each option value: every command that takes an option refuses the same values with the
 * same message ({@code --rate must be ..., got '...'}), a {@link ParameterException} that {@link Main} prints as
 * one line with exit 2. Called from the options' setters, so a bad value fails while the line is parsed.
 * [main-thread]
 */
public final class Checks {
    /** Longest time any command plays, generates or measures: a day. */
    public static final double MAX_SECONDS = 24 * 3600;
    /** The output sample rates every command takes ({@code --rate}). */
    public static final Set<Integer> SAMPLE_RATES = Set.of(44100, 48000, 88200, 96000);

    private Checks() {
    }

    /** {@code value} when in [min, max]; else the one-line error. */
    public static double range(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw error(spec, option + " must be " + num(min) + ".." + num(max) + ", got " + num(value));
        }
        return value;
    }

    /** {@code value} when in [min, max]; else the one-line error. */
    public static int range(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw error(spec, option + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** A length in seconds: above 0 and at most a day. */
    public static double seconds(CommandSpec spec, String option, double value) {
        if (!(value > 0 && value <= MAX_SECONDS)) {
            throw error(spec, option + " must be above 0 and at most " + num(MAX_SECONDS) + " s, got " + num(value));
        }
        return value;
    }

    /** One of {@link #SAMPLE_RATES}. */
    public static int sampleRate(CommandSpec spec, int value) {
        if (!SAMPLE_RATES.contains(value)) {
            throw error(spec, "--rate must be 44100, 48000, 88200 or 96000 Hz, got " + value);
        }
        return value;
    }

    public static ParameterException error(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    public static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
