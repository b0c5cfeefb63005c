package org.nesjam.apu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Duty ratios, mixer ratios and levels, measured on rendered audio (filter off), and the output filters. */
class AudioLevelTest {
    static final int RATE = 48000;

    static ApuSynth pulse(int duty, int t, boolean both) {
        ApuSynth s = new ApuSynth(ApuRegion.NTSC, RATE, 512, FilterMode.OFF);
        s.write(0, 0x4015, 0x0F);
        for (int base : both ? new int[] {0x4000, 0x4004} : new int[] {0x4000}) {
            s.write(0, base, duty << 6 | 0x3F);
            s.write(0, base + 1, 0x08);
            s.write(0, base + 2, t & 0xFF);
            s.write(0, base + 3, t >> 8);
        }
        return s;
    }

    @Test
    void dutyRatios() {
        double[] expected = {0.125, 0.25, 0.5, 0.75};
        double high = Mixer.pulse(15, 0);
        for (int duty = 0; duty < 4; duty++) {
            ApuSynth s = pulse(duty, 999, false);
            double[] x = Signal.render(s, RATE * 2);
            double base = Mixer.tnd(15, 0, 0); // the frozen triangle's power-on level (step 0 = 15)
            int above = 0;
            int from = 4800;
            for (int i = from; i < x.length; i++) {
                if (x[i] - base > high / 2) {
                    above++;
                }
            }
            double ratio = above / (double) (x.length - from);
            assertEquals(expected[duty], ratio, 0.003, "duty " + duty);
        }
    }

    @Test
    void twoFullPulsesGive173TimesOnePulse() {
        double one = Signal.acRms(Signal.render(pulse(2, 400, false), RATE), 4800, RATE);
        double two = Signal.acRms(Signal.render(pulse(2, 400, true), RATE), 4800, RATE);
        double ratio = two / one;
        assertEquals(1.73, ratio, 0.0173, "ratio " + ratio);
        assertEquals(Mixer.pulse(15, 15) / Mixer.pulse(15, 0), ratio, 1e-3);
    }

    @Test
    void mixerTablesFollowTheFormulas() {
        assertEquals(0.14882, Mixer.pulse(15, 0), 1e-5);
        assertEquals(0.25751, Mixer.pulse(15, 15), 1e-5);
        assertEquals(0.0, Mixer.pulse(0, 0));
        for (int n = 1; n <= 30; n++) {
            assertEquals(95.52 / (8128.0 / n + 100), Mixer.pulse(n, 0) + (n > 15 ? 0 : 0), n > 15 ? 1 : 1e-12);
        }
        for (int t = 0; t <= 15; t++) {
            for (int no = 0; no <= 15; no++) {
                int n = 3 * t + 2 * no;
                double table = n == 0 ? 0 : 163.67 / (24329.0 / n + 100);
                assertEquals(table, Mixer.tnd(t, no, 0), 1e-12);
                double exact = n == 0 ? 0 : 159.79 / (1 / (t / 8227.0 + no / 12241.0) + 100);
                assertEquals(exact, Mixer.tnd(t, no, 0), Math.max(0.013, 0.047 * exact), "tri " + t + " noise " + no);
            }
        }
        assertEquals(0.7425, Mixer.tnd(15, 15, 127), 1e-4);
        assertEquals(163.67 / (24329.0 / 45 + 100), Mixer.tnd(15, 0, 0), 1e-12);
        // the DMC level attenuates the triangle: -2.1 dB at 32, -7.2 dB at 127 (reference section 10)
        double full = Mixer.tnd(15, 0, 0) - Mixer.tnd(0, 0, 0);
        double at32 = Mixer.tnd(15, 0, 32) - Mixer.tnd(0, 0, 32);
        double at127 = Mixer.tnd(15, 0, 127) - Mixer.tnd(0, 0, 127);
        // (those figures come from the exact formula; the lookup table is within 0.5 dB of them)
        assertEquals(-2.1, 20 * Math.log10(at32 / full), 0.5);
        assertEquals(-7.2, 20 * Math.log10(at127 / full), 0.5);
    }

    @Test
    void renderedTriangleSwingIsTheTndTableSwing() {
        ApuSynth s = new ApuSynth(ApuRegion.NTSC, RATE, 512, FilterMode.OFF);
        s.write(0, 0x4015, 0x04);
        s.write(0, 0x4008, 0xFF);
        s.write(0, 0x400A, 0xFF);
        s.write(0, 0x400B, 0x03); // t = 1023: 54.6 Hz, long flat steps
        double[] x = Signal.render(s, RATE);
        // levels of the flat steps: a 9-sample moving average (a step lasts 27 samples) hides the edge ringing
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 4800; i < x.length - 9; i++) {
            double avg = 0;
            for (int j = 0; j < 9; j++) {
                avg += x[i + j] / 9;
            }
            min = Math.min(min, avg);
            max = Math.max(max, avg);
        }
        double expected = Mixer.tnd(15, 0, 0) - Mixer.tnd(0, 0, 0);
        assertEquals(expected, max - min, 0.01 * expected);
    }

    @Test
    void noiseLevelAndShortModePeriodInAudio() {
        // Short mode, period index 8 (202 cycles): the output repeats every 93 clocks.
        ApuSynth s = new ApuSynth(ApuRegion.NTSC, RATE, 512, FilterMode.OFF);
        s.write(0, 0x4015, 0x08);
        s.write(0, 0x400C, 0x3F);
        s.write(0, 0x400E, 0x88);
        s.write(0, 0x400F, 0x08);
        double[] x = Signal.render(s, RATE * 2);
        double hz = Signal.crossingHz(x, 4800, x.length, RATE);
        double expected = ApuRegion.NTSC.cpuHz() / (202.0 * 93);
        // crossings of the mean happen several times per 93-step pattern: the rate is a multiple of the period
        double multiple = hz / expected;
        assertEquals(Math.rint(multiple), multiple, 0.01, "crossing rate " + hz + " vs pattern " + expected);
        double[] p = Signal.powerSpectrum(x, 4800, 1 << 16);
        int peak = 0;
        for (int b = 1; b < p.length; b++) {
            if (p[b] > p[peak]) {
                peak = b;
            }
        }
        double peakHz = peak * (double) RATE / (1 << 16);
        double k = Math.rint(peakHz / expected);
        assertEquals(k * expected, peakHz, 2 * RATE / (double) (1 << 16), "strongest line is a harmonic of fCPU/(202*93)");
    }

    @Test
    void filterCoefficientsMatchTheReferenceTable() {
        assertEquals(0.988356, OutputFilter.highPassCoefficient(90, 48000), 1e-6);
        assertEquals(0.945541, OutputFilter.highPassCoefficient(440, 48000), 1e-6);
        assertEquals(0.995180, OutputFilter.highPassCoefficient(37, 48000), 1e-6);
        assertEquals(0.987340, OutputFilter.highPassCoefficient(90, 44100), 1e-6);
    }

    @Test
    void nesFilterRemovesDcAndCutsBassFamicomKeepsIt() {
        double nes = filteredRms(FilterMode.NES, 1016);
        double fam = filteredRms(FilterMode.FAMICOM, 1016);
        double off = filteredRms(FilterMode.OFF, 1016);
        assertTrue(nes < 0.9 * fam, "NES high-pass at 440 Hz weakens a 110 Hz square: " + nes + " vs " + fam);
        assertEquals(off, fam, 0.05 * off);
        ApuSynth s = new ApuSynth(ApuRegion.NTSC, RATE, 512, FilterMode.NES);
        double[] x = Signal.render(s, RATE * 2);
        assertEquals(0, x[x.length - 1], 1e-4, "DC (the triangle's power-on level) removed");
    }

    static double filteredRms(FilterMode mode, int t) {
        ApuSynth s = pulse(2, t, false);
        s.filter().setMode(mode);
        return Signal.acRms(Signal.render(s, RATE * 2), RATE, RATE * 2);
    }
}
