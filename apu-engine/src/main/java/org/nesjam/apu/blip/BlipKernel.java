package org.nesjam.apu.blip;

/**
 * A band-limited impulse (the derivative of a band-limited step) tabulated at {@link #phases} + 1 sub-sample
 * phases, {@link #width} taps each: a Kaiser-windowed sinc. Every phase row sums to exactly {@link #UNIT}, so a
 * delta integrates to exactly its size and the integrated output never drifts. Immutable, thread-safe.
 * <p>
 * Tap {@code j} of phase {@code f} (0..1) samples the impulse at {@code x = j - (width/2 - 1) - f} samples, so a step
 * at sample position {@code i + f} appears centred at output sample {@code i + width/2 - 1 + f}.
 */
public final class BlipKernel {
    /** Fixed-point unit of the taps (sum of a row). */
    public static final int UNIT = 1 << 15;

    final int width;
    final int phases;
    /** (phases + 1) rows of {@code width} taps, row-major. */
    final int[] taps;

    /**
     * @param width taps per phase (even)
     * @param phases sub-sample phases (a power of two); linear interpolation is used between adjacent phases
     * @param cutoff cutoff frequency as a fraction of the sample rate (0.5 = Nyquist)
     * @param kaiserBeta Kaiser window beta (8 gives about -80 dB side lobes)
     */
    public BlipKernel(int width, int phases, double cutoff, double kaiserBeta) {
        if (width < 2 || (width & 1) != 0 || Integer.bitCount(phases) != 1) {
            throw new IllegalArgumentException("width " + width + ", phases " + phases);
        }
        this.width = width;
        this.phases = phases;
        this.taps = new int[(phases + 1) * width];
        double half = width / 2.0;
        double i0Beta = besselI0(kaiserBeta);
        double[] row = new double[width];
        for (int p = 0; p <= phases; p++) {
            double f = (double) p / phases;
            double sum = 0;
            for (int j = 0; j < width; j++) {
                double x = j - (width / 2 - 1) - f;
                double w = Math.abs(x) >= half ? 0 : besselI0(kaiserBeta * Math.sqrt(1 - (x / half) * (x / half))) / i0Beta;
                double arg = 2 * cutoff * x;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                row[j] = 2 * cutoff * sinc * w;
                sum += row[j];
            }
            int isum = 0;
            int center = width / 2 - 1 + (f >= 0.5 ? 1 : 0);
            for (int j = 0; j < width; j++) {
                int v = (int) Math.round(row[j] / sum * UNIT);
                taps[p * width + j] = v;
                isum += v;
            }
            taps[p * width + center] += UNIT - isum;
        }
    }

    public int width() {
        return width;
    }

    public int phases() {
        return phases;
    }

    /** Modified Bessel function of the first kind, order 0 (series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 60; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
