package org.nesjam.apu;

/** Measurement helpers for audio tests: FFT spectra, zero-crossing pitch, levels. */
final class Signal {
    private Signal() {
    }

    /** Render {@code seconds} of audio from {@code synth} (whatever has been written so far). */
    static double[] render(ApuSynth synth, int frames) {
        double[] out = new double[frames];
        int block = 512;
        for (int i = 0; i < frames; i += block) {
            synth.render(out, i, Math.min(block, frames - i));
        }
        return out;
    }

    static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    /** RMS of {@code x - mean} over [from, to). */
    static double acRms(double[] x, int from, int to) {
        double m = mean(x, from, to);
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (x[i] - m) * (x[i] - m);
        }
        return Math.sqrt(s / (to - from));
    }

    /**
     * Fundamental frequency in Hz from rising crossings of the mean, with hysteresis and linear interpolation,
     * averaged over all complete periods in [from, to).
     */
    static double crossingHz(double[] x, int from, int to, double sampleRate) {
        double m = mean(x, from, to);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = from; i < to; i++) {
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        double h = 0.2 * (max - min);
        boolean armed = false;
        double first = -1;
        double last = -1;
        int count = 0;
        for (int i = from + 1; i < to; i++) {
            if (x[i] < m - h) {
                armed = true;
            } else if (armed && x[i - 1] < m && x[i] >= m) {
                double t = (i - 1) + (m - x[i - 1]) / (x[i] - x[i - 1]);
                if (first < 0) {
                    first = t;
                } else {
                    count++;
                }
                last = t;
                armed = false;
            }
        }
        if (count < 2) {
            throw new AssertionError("no periodic signal (" + count + " crossings)");
        }
        return sampleRate * count / (last - first);
    }

    static double cents(double measured, double expected) {
        return 1200 * Math.log(measured / expected) / Math.log(2);
    }

    /** Power spectrum (|X|^2) of {@code n} samples from {@code from} (n a power of two), 4-term Blackman-Harris. */
    static double[] powerSpectrum(double[] x, int from, int n) {
        double[] re = new double[n];
        double[] im = new double[n];
        double m = mean(x, from, from + n);
        for (int i = 0; i < n; i++) {
            double w = 0.35875 - 0.48829 * Math.cos(2 * Math.PI * i / n) + 0.14128 * Math.cos(4 * Math.PI * i / n)
                    - 0.01168 * Math.cos(6 * Math.PI * i / n);
            re[i] = (x[from + i] - m) * w;
        }
        fft(re, im);
        double[] p = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            p[i] = re[i] * re[i] + im[i] * im[i];
        }
        return p;
    }

    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double c = Math.cos(ang * k);
                    double s = Math.sin(ang * k);
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * c - im[b] * s;
                    double xi = re[b] * s + im[b] * c;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    /**
     * Worst non-harmonic component below {@code maxHz}, in dB relative to the fundamental's peak: bins within
     * {@code guardBins} of any multiple of {@code f0} (and below 20 Hz) are excluded.
     */
    static double worstNonHarmonicDbc(double[] power, double sampleRate, int n, double f0, double maxHz, int guardBins) {
        double binHz = sampleRate / n;
        int f0Bin = (int) Math.round(f0 / binHz);
        double fundamental = 0;
        for (int b = f0Bin - guardBins; b <= f0Bin + guardBins; b++) {
            fundamental = Math.max(fundamental, power[b]);
        }
        double worst = 0;
        int maxBin = (int) (maxHz / binHz);
        for (int b = (int) Math.ceil(20 / binHz); b <= maxBin; b++) {
            double f = b * binHz;
            double k = Math.rint(f / f0);
            if (Math.abs(f - k * f0) <= guardBins * binHz) {
                continue;
            }
            worst = Math.max(worst, power[b]);
        }
        return 10 * Math.log10(worst / fundamental);
    }
}
