package org.nesjam.apu;

/** Public bridge to {@link Signal} for tests in sub-packages. */
public final class SignalAccess {
    private SignalAccess() {
    }

    public static double crossingHz(double[] x, int from, int to, double sampleRate) {
        return Signal.crossingHz(x, from, to, sampleRate);
    }

    public static double acRms(double[] x, int from, int to) {
        return Signal.acRms(x, from, to);
    }
}
