package org.nesjam.apu.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nesjam.apu.ApuRegion;

/**
 * Issue #2: a held note measures within 1 cent of fCPU/(16(t+1)) on the pulses and fCPU/(32(t+1)) on the
 * triangle, for >= 10 notes across each voice's range, NTSC and PAL. Played through the instrument (MIDI note in),
 * measured from the rendered audio by mean crossings, filter off.
 */
class PitchTest {
    static final int RATE = 48000;
    static final int[] PULSE_NOTES = {33, 36, 40, 45, 52, 57, 64, 69, 76, 81, 88, 93, 100, 105, 108};
    static final int[] TRIANGLE_NOTES = {21, 28, 33, 40, 45, 52, 57, 64, 69, 76, 81, 88, 96, 103};

    static double measure(ApuRegion region, int voice, int note, int frames) {
        ApuInstrument p = new ApuInstrument();
        p.setParamValue(ApuParams.FILTER, 2);
        p.setParamValue(ApuParams.REGION, region == ApuRegion.PAL ? 1 : 0);
        p.setParamValue(ApuParams.DUTY_P1, 2);
        p.setParamValue(ApuParams.DUTY_P2, 2);
        InstrumentHarness h = new InstrumentHarness(p, RATE, 512, new long[] {0},
                new int[] {InstrumentHarness.msg(0x90 | voice, note, 15)});
        float[] out = new float[frames];
        h.render(out, 0, frames, 512);
        double[] x = new double[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = out[i];
        }
        return org.nesjam.apu.SignalAccess.crossingHz(x, 2400, frames, RATE);
    }

    @Test
    void pulsesAndTriangleWithinOneCentNtscAndPal() {
        StringBuilder report = new StringBuilder();
        double worst = 0;
        for (ApuRegion region : ApuRegion.values()) {
            for (int voice = 0; voice < 3; voice++) {
                boolean tri = voice == 2;
                int[] notes = tri ? TRIANGLE_NOTES : PULSE_NOTES;
                int checked = 0;
                for (int note : notes) {
                    int t = MidiDriver.timerFor(region, note, tri);
                    double expected = tri ? region.triangleHz(t) : region.pulseHz(t);
                    double measured = measure(region, voice, note, RATE * 2);
                    double cents = 1200 * Math.log(measured / expected) / Math.log(2);
                    worst = Math.max(worst, Math.abs(cents));
                    assertTrue(Math.abs(cents) < 1.0, region + " voice " + voice + " MIDI " + note + " t=" + t
                            + ": " + measured + " Hz vs " + expected + " Hz (" + cents + " cents)");
                    checked++;
                }
                assertTrue(checked >= 10);
            }
        }
        report.append(String.format("worst pitch error %.4f cents%n", worst));
        System.out.print(report);
    }

    @Test
    void notesTakeTheNearestTimerPeriod() {
        // Appendix A of the reference: MIDI 69 -> pulse 253 / 235, triangle 126 / 117; MIDI 33 pulse 2033 NTSC.
        assertEquals(253, MidiDriver.timerFor(ApuRegion.NTSC, 69, false));
        assertEquals(235, MidiDriver.timerFor(ApuRegion.PAL, 69, false));
        assertEquals(126, MidiDriver.timerFor(ApuRegion.NTSC, 69, true));
        assertEquals(117, MidiDriver.timerFor(ApuRegion.PAL, 69, true));
        assertEquals(2033, MidiDriver.timerFor(ApuRegion.NTSC, 33, false));
        assertEquals(2033, MidiDriver.timerFor(ApuRegion.NTSC, 21, true));
        assertEquals(31, MidiDriver.timerFor(ApuRegion.NTSC, 105, false));
        for (int note = 33; note <= 108; note++) {
            int t = MidiDriver.timerFor(ApuRegion.NTSC, note, false);
            double target = 440 * Math.pow(2, (note - 69) / 12.0);
            double err = Math.abs(ApuRegion.NTSC.pulseHz(t) - target);
            assertTrue(err <= Math.abs(ApuRegion.NTSC.pulseHz(t + 1) - target) + 1e-9
                    && err <= Math.abs(ApuRegion.NTSC.pulseHz(t - 1) - target) + 1e-9, "MIDI " + note);
        }
    }
}
