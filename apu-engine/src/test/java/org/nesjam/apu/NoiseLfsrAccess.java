package org.nesjam.apu;

/** Test access to package-private noise channel state. */
public final class NoiseLfsrAccess {
    private NoiseLfsrAccess() {
    }

    public static int periodIndex(NoiseChannel n) {
        return n.periodIndex;
    }

    public static int mode(NoiseChannel n) {
        return n.mode;
    }
}
