package org.nesjam.apu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nesjam.apu.blip.BlipBuffer;
import org.nesjam.apu.blip.BlipKernel;
import org.junit.jupiter.api.Test;

/** State-machine rules of the chip, in numbers (reference §15.2 items 1-6). */
class ChipStateTest {

    static Apu apu(ApuRegion region) {
        BlipBuffer out = new BlipBuffer(new BlipKernel(32, 256, 0.5, 8), new BlipKernel(16, 256, 0.46, 6),
                48000 * (double) region.cpuHzDenominator / region.cpuHzNumerator, 1 << 16);
        return new Apu(region, out);
    }

    @Test
    void lfsrLongModeHas32767StepsAndShortMode93() {
        int s = 1;
        int steps = 0;
        do {
            s = NoiseLfsr.clock(s, 0);
            steps++;
        } while (s != 1);
        assertEquals(32767, steps);
        s = 1;
        steps = 0;
        do {
            s = NoiseLfsr.clock(s, 1);
            steps++;
        } while (s != 1 && steps < 40000);
        assertEquals(93, steps);
        assertEquals(32767, NoiseLfsr.orbitLength(0, 1));
        assertEquals(353, NoiseLfsr.orbitCount(1));
        int of93 = 0;
        int of31 = 0;
        for (int state = 1; state <= 32767; state++) {
            int len = NoiseLfsr.orbitLength(1, state);
            if (len == 93) {
                of93++;
            } else if (len == 31) {
                of31++;
            }
        }
        assertEquals(352 * 93, of93);
        assertEquals(31, of31);
    }

    @Test
    void lfsrGoldenFirstOutputBitsFromSeedOne() {
        int s = 1;
        int[] bits = new int[16];
        for (int i = 0; i < 16; i++) {
            bits[i] = s & 1;
            s = NoiseLfsr.clock(s, 0);
        }
        // seed 1, feedback bit0^bit1 into bit 14: 1 then 14 zeros, then the feedback 1 reaches bit 0.
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, bits);
    }

    @Test
    void noiseChannelJumpTablesMatchClockByClockSimulation() {
        for (int mode = 0; mode < 2; mode++) {
            Apu apu = apu(ApuRegion.NTSC);
            apu.write(0, 0x400E, mode << 7); // period index 0 = 4 cycles, as at power-on
            if (mode == 1) {
                // audible, so the event path (runs of equal bits) is used as well as the silent jump path
                apu.write(0, 0x4015, 0x08);
                apu.write(0, 0x400C, 0x3F);
                apu.write(0, 0x400F, 0x08);
            }
            long cycle = 1_000_003;
            apu.write(cycle, 0x4009, 0); // unused register: runs and syncs the chip
            long clocks = (cycle - 1) / 4;
            int s = 1;
            for (long i = 0; i < clocks; i++) {
                s = NoiseLfsr.clock(s, mode);
            }
            assertEquals(s, apu.noise().lfsrState(), "mode " + mode);
        }
    }

    @Test
    void envelopeDecaysIn15TimesVPlusOneQuarterFrames() {
        for (int v = 0; v < 16; v++) {
            Envelope e = new Envelope();
            e.write(v);
            e.start = true;
            e.clockQuarterFrame();
            assertEquals(15, e.volume());
            int quarters = 0;
            while (e.volume() > 0) {
                e.clockQuarterFrame();
                quarters++;
            }
            assertEquals(15 * (v + 1), quarters, "V=" + v);
            for (int i = 0; i < 100; i++) {
                e.clockQuarterFrame();
            }
            assertEquals(0, e.volume(), "no loop: stays 0");
            e.write(0x20 | v);
            e.start = true;
            e.clockQuarterFrame();
            int period = 0;
            boolean seenZero = false;
            do {
                e.clockQuarterFrame();
                period++;
                seenZero |= e.volume() == 0;
            } while (!(seenZero && e.volume() == 15));
            assertEquals(16 * (v + 1), period, "loop: back to 15 every 16 (V + 1) quarter frames");
            e.write(0x10 | v);
            assertEquals(v, e.volume(), "constant volume");
        }
    }

    @Test
    void lengthCounterLoadsTableCountsHalfFramesHaltsAndDisables() {
        for (int i = 0; i < 32; i++) {
            LengthCounter c = new LengthCounter();
            c.setEnabled(true);
            c.load(i);
            int clocks = 0;
            while (c.active()) {
                c.clockHalfFrame();
                clocks++;
            }
            assertEquals(LengthCounter.TABLE[i], clocks);
        }
        LengthCounter c = new LengthCounter();
        c.load(1);
        assertEquals(0, c.value(), "not loaded while disabled");
        c.setEnabled(true);
        c.load(1);
        c.halt = true;
        c.clockHalfFrame();
        assertEquals(254, c.value(), "halt stops counting");
        c.setEnabled(false);
        assertEquals(0, c.value(), "$4015 disable forces 0");
    }

    @Test
    void lengthCounterSilencesPulseAtTheTenthHalfFrame() {
        Apu apu = apu(ApuRegion.NTSC);
        apu.logFrameClocks(64);
        apu.write(0, 0x4015, 0x01);
        apu.write(0, 0x4000, 0x1F); // halt off, constant volume 15
        apu.write(0, 0x4001, 0x08);
        apu.write(0, 0x4002, 0xFD);
        apu.write(0, 0x4003, 0x00); // length index 0 = 10 half frames
        apu.runTo(400_000);
        long tenthHalf = -1;
        int halves = 0;
        for (long entry : apu.frameClockLog()) {
            if ((entry & 2) != 0 && ++halves == 10) {
                tenthHalf = entry >> 2;
                break;
            }
        }
        assertEquals(29829 + 4 * 29830, tenthHalf, "10th half frame of the 4-step sequence");
        Apu again = apu(ApuRegion.NTSC);
        again.write(0, 0x4015, 0x01);
        again.write(0, 0x4000, 0x1F);
        again.write(0, 0x4001, 0x08);
        again.write(0, 0x4002, 0xFD);
        again.write(0, 0x4003, 0x00);
        assertEquals(1, again.readStatus(tenthHalf) & 1, "still sounding at the clock");
        assertEquals(0, again.readStatus(tenthHalf + 1) & 1, "silent right after it");
    }

    @Test
    void sweepTargetsNegateDifferenceAndMutingRules() {
        Sweep p1 = new Sweep(true);
        Sweep p2 = new Sweep(false);
        p1.write(0x89); // enabled, period 0, negate, shift 1
        p2.write(0x89);
        assertEquals(0x7F, p1.target(0x100));
        assertEquals(0x80, p2.target(0x100));
        Sweep up = new Sweep(false);
        up.write(0x00); // power-on: no negate, shift 0, disabled
        assertTrue(up.mutes(0x400), "target 2t > $7FF mutes even with the sweep disabled");
        assertFalse(up.mutes(0x3FF));
        assertTrue(up.mutes(7), "t < 8 mutes");
        Sweep negate = new Sweep(true);
        negate.write(0x08);
        assertFalse(negate.mutes(0x7F1), "negate, shift 0: MIDI 33 (t=$7F1) sounds");
        Sweep shift7 = new Sweep(true);
        shift7.write(0x07);
        assertTrue(shift7.mutes(0x7F1), "NES-MDB's shift-7 workaround still mutes MIDI 33");
        // Sweep updates the period on half frames: period 0, shift 1, up: t += t >> 1 each half frame
        Sweep s = new Sweep(false);
        s.write(0x81);
        int t = s.clockHalfFrame(0x100); // reload flag set: divider reloads, the period is still updated at 0
        assertEquals(0x180, t);
        t = s.clockHalfFrame(t);
        assertEquals(0x240, t);
    }

    @Test
    void sweepMutesPulseInTheChip() {
        Apu apu = apu(ApuRegion.NTSC);
        apu.write(0, 0x4015, 0x01);
        apu.write(0, 0x4000, 0xBF);
        apu.write(0, 0x4001, 0x00);
        apu.write(0, 0x4002, 0x00);
        apu.write(0, 0x4003, 0x04); // t = $400 with the power-on sweep: muted
        boolean heard = false;
        for (long c = 10; c < 40000; c += 97) {
            apu.runTo(c);
            heard |= apu.pulse1().output() != 0;
        }
        assertFalse(heard);
        apu.write(40000, 0x4001, 0x08);
        for (long c = 40010; c < 80000; c += 97) {
            apu.runTo(c);
            heard |= apu.pulse1().output() != 0;
        }
        assertTrue(heard, "negate makes t=$400 audible");
    }

    private static long[] expectedClocks(ApuRegion region, boolean five, long reset, int count) {
        int[] steps = region.frameSteps(five);
        long[] out = new long[count];
        int n = 0;
        long base = reset;
        if (five) {
            out[n++] = reset << 2 | 3;
        }
        while (n < count) {
            for (int i = 0; i < steps.length && n < count; i++) {
                int flags = five ? new int[] {1, 3, 1, 0, 3, 0}[i] : new int[] {1, 3, 1, 0, 3, 0}[i];
                if (flags != 0) {
                    out[n++] = (base + steps[i]) << 2 | flags;
                }
            }
            base += steps[steps.length - 1];
        }
        return out;
    }

    @Test
    void frameCounterStepTimesFourAndFiveStepNtscAndPal() {
        for (ApuRegion region : ApuRegion.values()) {
            for (boolean five : new boolean[] {false, true}) {
                Apu apu = apu(region);
                apu.write(99_998, 0x4017, five ? 0x80 : 0x00); // even cycle: takes effect 3 cycles later
                apu.logFrameClocks(20);
                apu.runTo(100_001 + 5L * 41566);
                long[] log = apu.frameClockLog();
                long[] expected = expectedClocks(region, five, 100_001, log.length);
                assertTrue(log.length >= 15, "clocks logged: " + log.length);
                assertArrayEquals(expected, log, region + (five ? " 5-step" : " 4-step"));
            }
        }
        assertArrayEquals(new int[] {7457, 14913, 22371, 29828, 29829, 29830}, ApuRegion.NTSC.frameSteps(false));
        assertArrayEquals(new int[] {8313, 16627, 24939, 33252, 33253, 33254}, ApuRegion.PAL.frameSteps(false));
    }

    @Test
    void fourStepModeSetsTheFrameIrqFlagUnlessInhibited() {
        Apu apu = apu(ApuRegion.NTSC);
        assertEquals(0, apu.readStatus(29827) & 0x40);
        assertEquals(0x40, apu.readStatus(29829) & 0x40, "IRQ flag from cycle 29828");
        assertEquals(0x40, apu.readStatus(29831) & 0x40, "set again at 29829 and 29830");
        assertEquals(0, apu.readStatus(29840) & 0x40, "reading clears it");
        apu.write(30000, 0x4017, 0x40);
        assertEquals(0, apu.readStatus(200_000) & 0x40, "inhibited");
    }

    @Test
    void triangleSequenceAndFreezeAtCurrentLevel() {
        assertArrayEquals(new int[] {15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, TriangleChannel.SEQUENCE);
        Apu apu = apu(ApuRegion.NTSC);
        apu.write(0, 0x4015, 0x04);
        apu.write(0, 0x4008, 0x05); // control clear, reload 5 quarter frames
        apu.write(0, 0x400A, 100);
        apu.write(0, 0x400B, 0x08);
        apu.runTo(7457 + 1); // first quarter frame loads the linear counter
        assertEquals(5, apu.triangle().linearCounter());
        apu.runTo(5 * 7457 + 100);
        int before = apu.triangle().output();
        apu.runTo(8 * 7457);
        assertEquals(0, apu.triangle().linearCounter());
        int frozen = apu.triangle().output();
        apu.runTo(12 * 7457);
        assertEquals(frozen, apu.triangle().output(), "frozen, not zeroed");
        assertTrue(before >= 0 && frozen >= 0);
        // with control set the counter keeps reloading and the note holds
        apu.write(12 * 7457, 0x4008, 0x85);
        apu.write(12 * 7457, 0x400B, 0x08);
        apu.runTo(40 * 7457);
        assertEquals(5, apu.triangle().linearCounter());
    }

    @Test
    void ultrasonicTriangleHoldsItsLevel() {
        Apu apu = apu(ApuRegion.NTSC);
        apu.write(0, 0x4015, 0x04);
        apu.write(0, 0x4008, 0xFF);
        apu.write(0, 0x400A, 20);
        apu.write(0, 0x400B, 0x08);
        apu.runTo(20_000);
        apu.write(20_000, 0x400A, 1);
        int held = apu.triangle().output();
        apu.runTo(2_000_000);
        assertEquals(held, apu.triangle().output());
    }
}
