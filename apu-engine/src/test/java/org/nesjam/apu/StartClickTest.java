package org.nesjam.apu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A freshly activated APU is silent: the power-on DC level (the triangle rests at step 0) makes no click. */
class StartClickTest {

    @Test
    void silentStartHasNoClickInAnyFilterMode() {
        for (FilterMode mode : FilterMode.values()) {
            ApuSynth synth = new ApuSynth(ApuRegion.NTSC, 48_000, 512, mode);
            float[] out = new float[24_000];
            for (int offset = 0; offset < out.length; offset += 480) {
                synth.render(out, offset, 480);
            }
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float s : out) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            // before the fix the nes chain started with a 0.24 full-scale click at frame 16
            assertTrue(max - min < 1e-5, mode + ": start transient " + (max - min));
        }
    }
}
