package org.nesjam.apu;

/**
 * First-order output filters, per sample, in double precision. High-passes use the RC form
 * {@code y[n] = a (y[n-1] + x[n] - x[n-1])}, {@code a = RC / (RC + dt)}; the low-pass is the bilinear transform
 * prewarped to its corner (the one-pole RC form warps near Nyquist at 44.1 kHz). The mode can change at any sample;
 * state is kept. Not thread-safe; no allocation after construction.
 */
public final class OutputFilter {
    /**
     * Added to each high-pass state every sample. In silence the high-passes decay towards 0 and would reach
     * subnormal doubles after about a second, where x86 arithmetic can be many times slower; with this bias they
     * settle at about 1e-28 instead (far below 16-bit or 24-bit resolution). Per sample, so the output stays
     * independent of block sizes, and off the recursions' critical path, unlike a compare-and-flush. (The
     * high-passes are written {@code y = a y' + (a (x - x') + GUARD)} so each recursion is one multiply and one add.)
     */
    private static final double GUARD = 1e-30;
    private final double hp90;
    private final double hp440;
    private final double hp37;
    private final double lpB;
    private final double lpA1;
    private FilterMode mode;
    private double x1;
    private double y1;
    private double x2;
    private double y2;
    private double lpX;
    private double lpY;
    private double fx;
    private double fy;

    public OutputFilter(double sampleRate, FilterMode mode) {
        hp90 = highPassCoefficient(90, sampleRate);
        hp440 = highPassCoefficient(440, sampleRate);
        hp37 = highPassCoefficient(37, sampleRate);
        double k = Math.tan(Math.PI * Math.min(14000, 0.45 * sampleRate) / sampleRate);
        lpB = k / (1 + k);
        lpA1 = (k - 1) / (k + 1);
        this.mode = mode;
    }

    /**
     * Settle the high-passes on a constant input {@code level} (their state as after an infinitely long DC input), so
     * that starting on a non-zero DC level does not click. Call before the first sample.
     */
    public void settle(double level) {
        x1 = level;
        fx = level;
    }

    /** {@code a = RC / (RC + dt)} with {@code RC = 1 / (2 pi fc)}, {@code dt = 1 / fs}. */
    public static double highPassCoefficient(double cornerHz, double sampleRate) {
        double rc = 1 / (2 * Math.PI * cornerHz);
        double dt = 1 / sampleRate;
        return rc / (rc + dt);
    }

    public void setMode(FilterMode mode) {
        this.mode = mode;
    }

    public FilterMode mode() {
        return mode;
    }

    /** Filter {@code buf[offset..offset+count-1]} in place. */
    public void process(double[] buf, int offset, int count) {
        int end = offset + count;
        switch (mode) {
            case NES: {
                double ax = x1, ay = y1, bx = x2, by = y2, cx = lpX, cy = lpY;
                final double k90 = hp90, k440 = hp440, b0 = lpB, a1 = lpA1;
                for (int i = offset; i < end; i++) {
                    double x = buf[i];
                    double a = k90 * ay + (k90 * (x - ax) + GUARD);
                    ax = x;
                    ay = a;
                    double b = k440 * by + (k440 * (a - bx) + GUARD);
                    bx = a;
                    by = b;
                    double c = b0 * (b + cx) - a1 * cy;
                    cx = b;
                    cy = c;
                    buf[i] = c;
                }
                x1 = ax;
                y1 = ay;
                x2 = bx;
                y2 = by;
                lpX = cx;
                lpY = cy;
                return;
            }
            case FAMICOM: {
                double px = fx, py = fy;
                final double k = hp37;
                for (int i = offset; i < end; i++) {
                    double x = buf[i];
                    double a = k * py + (k * (x - px) + GUARD);
                    px = x;
                    py = a;
                    buf[i] = a;
                }
                fx = px;
                fy = py;
                return;
            }
            default:
                return;
        }
    }

    /** Filter {@code in[0..count-1]} and ADD the result to {@code out[offset..offset+count-1]} (one pass). */
    public void processAdd(double[] in, float[] out, int offset, int count) {
        int end = count;
        switch (mode) {
            case NES: {
                double ax = x1, ay = y1, bx = x2, by = y2, cx = lpX, cy = lpY;
                final double k90 = hp90, k440 = hp440, b0 = lpB, a1 = lpA1;
                for (int i = 0; i < end; i++) {
                    double x = in[i];
                    double a = k90 * ay + (k90 * (x - ax) + GUARD);
                    ax = x;
                    ay = a;
                    double b = k440 * by + (k440 * (a - bx) + GUARD);
                    bx = a;
                    by = b;
                    double c = b0 * (b + cx) - a1 * cy;
                    cx = b;
                    cy = c;
                    out[offset + i] += (float) c;
                }
                x1 = ax;
                y1 = ay;
                x2 = bx;
                y2 = by;
                lpX = cx;
                lpY = cy;
                return;
            }
            case FAMICOM: {
                double px = fx, py = fy;
                final double k = hp37;
                for (int i = 0; i < end; i++) {
                    double x = in[i];
                    double a = k * py + (k * (x - px) + GUARD);
                    px = x;
                    py = a;
                    out[offset + i] += (float) a;
                }
                fx = px;
                fy = py;
                return;
            }
            default:
                for (int i = 0; i < count; i++) {
                    out[offset + i] += (float) in[i];
                }
                return;
        }
    }
}
