package org.nesjam.bench;

import java.util.Arrays;

/**
 * The one percentile definition of every benchmark and report: nearest rank (the smallest value with at least
 * {@code q * n} values at or below it; p50 of 1,000 values is the 500th smallest), so a reported p99 is always a
 * measured value. Medians of a few runs use {@link #median}. [any-thread, stateless]
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** Nearest-rank percentile {@code q} (0..1) of ascending {@code sorted}; NaN when empty. */
    public static double of(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[rankIndex(sorted.length, q)];
    }

    /** Nearest-rank percentile {@code q} (0..1) of ascending {@code sorted}; {@code Long.MIN_VALUE} when empty. */
    public static long of(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Long.MIN_VALUE;
        }
        return sorted[rankIndex(sorted.length, q)];
    }

    private static int rankIndex(int n, double q) {
        int rank = (int) Math.ceil(q * n);
        return Math.max(0, Math.min(n - 1, rank - 1));
    }

    /** Median of {@code values} in any order (the mean of the middle two for an even count), for run medians. */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
