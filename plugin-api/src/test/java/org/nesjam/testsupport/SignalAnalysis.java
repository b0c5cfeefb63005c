package org.nesjam.testsupport;

/**
 * Small measurements on recorded audio, for tests: where a note starts, what pitch it has.
 * [thread-safe; allocation-free except {@link #pitchHz}'s result]
 */
public final class SignalAnalysis {
    private SignalAnalysis() {
    }

    /** Index of the first sample in {@code [from, to)} whose magnitude exceeds {@code threshold}, or -1. */
    public static int firstAbove(float[] samples, int from, int to, float threshold) {
        for (int i = from; i < to; i++) {
            if (Math.abs(samples[i]) > threshold) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where a sound that started at {@code from} stops: the first index in {@code [from, to)} where two samples in a
     * row are exactly 0 (the last sample counts as followed by itself), or {@code to}.
     */
    public static int silenceFrom(float[] samples, int from, int to) {
        int i = from;
        while (i < to && !(samples[i] == 0f && samples[Math.min(to - 1, i + 1)] == 0f)) {
            i++;
        }
        return i;
    }

    /** Root-mean-square of {@code samples[from .. from+length)}. */
    public static double rms(float[] samples, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return length == 0 ? 0 : Math.sqrt(sum / length);
    }

    /**
     * Fundamental frequency in Hz of {@code samples[from .. from+length)} by normalized autocorrelation (mean
     * removed; the smallest lag whose correlation is within 10 % of the best, which avoids octave errors; refined by
     * parabolic interpolation), searched between {@code minHz} and {@code maxHz}. NaN when the window is silent or
     * aperiodic (best correlation below 0.5). Use at least three periods of the lowest pitch.
     */
    public static double pitchHz(float[] samples, int from, int length, int sampleRate, double minHz, double maxHz) {
        double mean = 0;
        for (int i = from; i < from + length; i++) {
            mean += samples[i];
        }
        mean /= length;
        int minLag = Math.max(1, (int) Math.floor(sampleRate / maxHz));
        int maxLag = Math.min(length / 2, (int) Math.ceil(sampleRate / minHz));
        if (maxLag <= minLag + 1) {
            return Double.NaN;
        }
        double[] r = new double[maxLag + 2];
        double best = -1;
        for (int lag = minLag - 1; lag <= maxLag + 1 && lag < length; lag++) {
            double num = 0;
            double e1 = 0;
            double e2 = 0;
            int n = length - lag;
            for (int i = 0; i < n; i++) {
                double a = samples[from + i] - mean;
                double b = samples[from + i + lag] - mean;
                num += a * b;
                e1 += a * a;
                e2 += b * b;
            }
            double v = e1 == 0 || e2 == 0 ? 0 : num / Math.sqrt(e1 * e2);
            if (lag >= 0 && lag < r.length) {
                r[lag] = v;
            }
            if (lag >= minLag && lag <= maxLag && v > best) {
                best = v;
            }
        }
        if (best < 0.5) {
            return Double.NaN;
        }
        for (int lag = minLag; lag <= maxLag; lag++) {
            boolean peak = r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1];
            if (peak && r[lag] >= 0.9 * best) {
                double y0 = r[lag - 1];
                double y1 = r[lag];
                double y2 = r[lag + 1];
                double denom = y0 - 2 * y1 + y2;
                double shift = denom == 0 ? 0 : 0.5 * (y0 - y2) / denom;
                return sampleRate / (lag + shift);
            }
        }
        return Double.NaN;
    }

    /** MIDI note number (fractional) of {@code hz}, A4 = 69 = 440 Hz. */
    public static double hzToMidi(double hz) {
        return 69 + 12 * Math.log(hz / 440.0) / Math.log(2);
    }
}
