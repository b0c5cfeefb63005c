package org.nesjam.apu;

/**
 * The non-linear 2A03 DAC as lookup tables (the nesdev formulas):
 * {@code pulse[n] = 95.52 / (8128 / n + 100)} for {@code n = p1 + p2} (0..30) and
 * {@code tnd[n] = 163.67 / (24329 / n + 100)} for {@code n = 3 tri + 2 noise + dmc} (0..202).
 * Levels are also given in fixed point, {@link #ONE} = 1.0, as used by the band-limited renderer. Thread-safe.
 */
public final class Mixer {
    /** Fixed-point unit: a level of {@code ONE} is 1.0. */
    public static final int ONE = 1 << 15;
    private static final double[] PULSE = new double[31];
    private static final double[] TND = new double[203];
    static final int[] PULSE_FIXED = new int[31];
    static final int[] TND_FIXED = new int[203];

    static {
        for (int n = 1; n < PULSE.length; n++) {
            PULSE[n] = 95.52 / (8128.0 / n + 100.0);
        }
        for (int n = 1; n < TND.length; n++) {
            TND[n] = 163.67 / (24329.0 / n + 100.0);
        }
        for (int n = 0; n < PULSE.length; n++) {
            PULSE_FIXED[n] = (int) Math.round(PULSE[n] * ONE);
        }
        for (int n = 0; n < TND.length; n++) {
            TND_FIXED[n] = (int) Math.round(TND[n] * ONE);
        }
    }

    private Mixer() {
    }

    /** Pulse group output (0..~0.2575) for pulse volumes {@code p1, p2} (0..15 each). */
    public static double pulse(int p1, int p2) {
        return PULSE[p1 + p2];
    }

    /** Triangle/noise/DMC group output (0..~0.7425) for tri, noise 0..15 and dmc 0..127. */
    public static double tnd(int triangle, int noise, int dmc) {
        return TND[3 * triangle + 2 * noise + dmc];
    }

    /** Fixed-point pulse level, {@link #ONE} = 1.0. */
    public static int pulseFixed(int p1, int p2) {
        return PULSE_FIXED[p1 + p2];
    }

    /** Fixed-point tnd level, {@link #ONE} = 1.0. */
    public static int tndFixed(int triangle, int noise, int dmc) {
        return TND_FIXED[3 * triangle + 2 * noise + dmc];
    }
}
