package org.nesjam.apu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue #2: a 50 % pulse at MIDI 45, 69, 93, 100, 105 rendered at 48 kHz aliases at -60 dBc or lower. */
class AliasingTest {
    static final int RATE = 48000;
    static final int N = 1 << 17;

    /** Worst non-harmonic component below 20 kHz (dBc) of a held 50 % pulse at timer {@code t}. */
    static double worstDbc(int t) {
        ApuSynth synth = new ApuSynth(ApuRegion.NTSC, RATE, 512, FilterMode.OFF);
        synth.write(0, 0x4015, 0x0F);
        synth.write(0, 0x4000, 0xBF);
        synth.write(0, 0x4001, 0x08);
        synth.write(0, 0x4002, t & 0xFF);
        synth.write(0, 0x4003, t >> 8);
        double[] x = Signal.render(synth, N + 4800);
        double[] p = Signal.powerSpectrum(x, 4800, N);
        return Signal.worstNonHarmonicDbc(p, RATE, N, ApuRegion.NTSC.pulseHz(t), 20000, 8);
    }

    @Test
    void pulseAliasingBelowMinus60Dbc() {
        int[] midi = {45, 69, 93, 100, 105};
        int[] timer = {1016, 253, 63, 41, 31};
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < midi.length; i++) {
            double dbc = worstDbc(timer[i]);
            report.append(String.format("MIDI %d (t=%d): %.1f dBc%n", midi[i], timer[i], dbc));
            assertTrue(dbc <= -60, "MIDI " + midi[i] + ": " + dbc + " dBc");
        }
        System.out.print(report);
    }

    /** The triangle's steps go through the short 16-tap kernel: check it keeps the staircase's images down too. */
    @Test
    void triangleAliasingBelowMinus70Dbc() {
        StringBuilder report = new StringBuilder();
        for (int t : new int[] {253, 63, 15}) {
            ApuSynth synth = new ApuSynth(ApuRegion.NTSC, RATE, 512, FilterMode.OFF);
            synth.write(0, 0x4015, 0x04);
            synth.write(0, 0x4008, 0xFF);
            synth.write(0, 0x400A, t & 0xFF);
            synth.write(0, 0x400B, t >> 8);
            double[] x = Signal.render(synth, N + 4800);
            double[] p = Signal.powerSpectrum(x, 4800, N);
            double dbc = Signal.worstNonHarmonicDbc(p, RATE, N, ApuRegion.NTSC.triangleHz(t), 20000, 8);
            report.append(String.format("triangle t=%d: %.1f dBc%n", t, dbc));
            assertTrue(dbc <= -70, "triangle t=" + t + ": " + dbc + " dBc");
        }
        System.out.print(report);
    }
}
