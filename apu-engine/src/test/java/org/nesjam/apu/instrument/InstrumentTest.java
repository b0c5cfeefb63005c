package org.nesjam.apu.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nesjam.apu.instrument.InstrumentHarness.msg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.nesjam.apu.Apu;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.threads.ThreadAllocation;

/** The APU instrument: MIDI semantics, block-size invariance, zero allocation, state. */
class InstrumentTest {
    static final int RATE = 48000;

    /** A list of timed MIDI messages. */
    static final class Pattern {
        final List<long[]> events = new ArrayList<>();

        void add(long time, int message) {
            events.add(new long[] {time, message});
        }

        long[] times() {
            events.sort((a, b) -> Long.compare(a[0], b[0]));
            return events.stream().mapToLong(e -> e[0]).toArray();
        }

        int[] messages() {
            events.sort((a, b) -> Long.compare(a[0], b[0]));
            return events.stream().mapToInt(e -> (int) e[1]).toArray();
        }
    }

    /** A busy pattern on all four voices: notes, CC11, CC12, pitch bend, about every 30 ms. */
    static Pattern busyPattern(int seconds, long offset) {
        Pattern p = new Pattern();
        java.util.Random r = new java.util.Random(42);
        for (long t = 0; t < seconds * (long) RATE; t += 700 + r.nextInt(2000)) {
            int voice = r.nextInt(4);
            int ch = voice == 3 ? 3 : voice;
            int note = voice == 3 ? 1 + r.nextInt(16) : 33 + r.nextInt(70);
            p.add(offset + t, msg(0x90 | ch, note, 1 + r.nextInt(15)));
            p.add(offset + t + 300 + r.nextInt(900), msg(0xB0 | ch, 11, 1 + r.nextInt(15)));
            p.add(offset + t + 200 + r.nextInt(600), msg(0xB0 | ch, 12, r.nextInt(4)));
            p.add(offset + t + 100 + r.nextInt(500), msg(0xE0 | ch, r.nextInt(128), r.nextInt(128)));
            p.add(offset + t + 1500 + r.nextInt(1500), msg(0x90 | ch, note, 0));
        }
        return p;
    }

    static float[] render(int blockFrames, int frames, Pattern pattern, int filter) {
        ApuInstrument plugin = new ApuInstrument();
        plugin.setParamValue(ApuParams.FILTER, filter);
        InstrumentHarness h = new InstrumentHarness(plugin, RATE, 512, pattern.times(), pattern.messages());
        float[] out = new float[frames];
        h.render(out, 0, frames, blockFrames);
        return out;
    }

    @Test
    void identicalOutputForBlockSizes1_32_64_512() {
        Pattern p = busyPattern(3, 0);
        int frames = RATE * 3;
        float[] ref = render(512, frames, p, 0);
        double energy = 0;
        for (float v : ref) {
            energy += v * v;
        }
        assertTrue(energy > 1, "the pattern makes sound: " + energy);
        for (int block : new int[] {1, 32, 64}) {
            assertArrayEquals(ref, render(block, frames, p, 0), "block size " + block);
        }
        assertArrayEquals(render(512, frames, p, 2), render(37, frames, p, 2), "filter off, odd block size");
    }

    @Test
    void zeroAllocationOverTwelveSecondsAfterWarmUp() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ThreadAllocation.supported(), "no per-thread allocation counter");
        int seconds = 2 + 24 + 3 * 12;
        Pattern p = new Pattern();
        for (int rep = 0; rep < seconds / 2; rep++) {
            for (long[] e : busyPattern(2, rep * 2L * RATE).events) {
                if (e[0] < (rep + 1) * 2L * RATE) {
                    p.add(e[0], (int) e[1]);
                }
            }
        }
        ApuInstrument plugin = new ApuInstrument();
        InstrumentHarness h = new InstrumentHarness(plugin, RATE, 256, p.times(), p.messages());
        float[] out = new float[RATE * seconds];
        // Warm-up: the 2-s pattern 12 times, until the JIT has compiled the whole path; then one clean 12-s window
        // (2 250 blocks) out of three (ThreadAllocation.windowBytes says why not every window).
        h.render(out, 0, RATE * 26, 256);
        long[] windows = ThreadAllocation.windowBytes(3, w -> h.render(out, RATE * (26 + 12 * w), RATE * 12, 256));
        System.out.println("allocated per 12-s window: " + Arrays.toString(windows));
        assertEquals(0, Arrays.stream(windows).min().getAsLong(),
                "bytes allocated while rendering 12 s of audio (windows: " + Arrays.toString(windows) + ")");
    }

    @Test
    void lowPulseNotesSoundAndTimersFollowNotes() {
        ApuInstrument plugin = new ApuInstrument();
        InstrumentHarness h = new InstrumentHarness(plugin, RATE, 512,
                new long[] {0, 0}, new int[] {msg(0x90, 33, 15), msg(0x91, 36, 9)});
        float[] out = new float[RATE / 4];
        h.render(out, 0, out.length, 512);
        Apu apu = plugin.synth().apu();
        assertEquals(2033, apu.pulse1().timer(), "MIDI 33 -> t=2033");
        assertTrue(!apu.pulse1().sweep().mutes(2033), "MIDI 33 not muted by the sweep unit");
        assertEquals(15, apu.pulse1().envelope().volume());
        assertEquals(9, apu.pulse2().envelope().volume(), "velocity 9 -> volume 9");
        double rms = 0;
        for (int i = RATE / 8; i < out.length; i++) {
            rms += out[i] * out[i];
        }
        assertTrue(Math.sqrt(rms / (out.length - RATE / 8)) > 0.02, "low notes are heard");
    }

    @Test
    void monophonicLastNotePriorityAndCcs() {
        ApuInstrument plugin = new ApuInstrument();
        long[] times = {0, 100, 200, 300, 400, 500, 600};
        int[] msgs = {msg(0x90, 60, 10), msg(0x90, 64, 12), msg(0xB0, 11, 5), msg(0xB0, 12, 3),
            msg(0x90, 64, 0), msg(0x90, 60, 0), msg(0xB0, 12, 1)};
        InstrumentHarness h = new InstrumentHarness(plugin, RATE, 64, times, msgs);
        float[] out = new float[1000];
        h.render(out, 0, 150, 64);
        Apu apu = plugin.synth().apu();
        assertEquals(MidiDriver.timerFor(apu.region(), 64, false), apu.pulse1().timer(), "last note wins");
        assertEquals(12, apu.pulse1().envelope().volume());
        h.render(out, 150, 100, 64);
        assertEquals(5, apu.pulse1().envelope().volume(), "CC11 sets the volume");
        h.render(out, 250, 200, 64);
        assertEquals(MidiDriver.timerFor(apu.region(), 60, false), apu.pulse1().timer(),
                "releasing the top note falls back to the held one");
        assertEquals(5, apu.pulse1().envelope().volume());
        h.render(out, 450, 100, 64);
        assertEquals(0, apu.pulse1().envelope().volume(), "all released: silent");
    }

    @Test
    void noiseNoteSetsPeriodAndModeAndIgnoresPitchBend() {
        ApuInstrument plugin = new ApuInstrument();
        long[] times = {0, 10, 20, 30};
        int[] msgs = {msg(0x92, 45, 1), msg(0xB3, 12, 1), msg(0x93, 13, 9), msg(0xE3, 0, 127)};
        InstrumentHarness h = new InstrumentHarness(plugin, RATE, 64, times, msgs);
        float[] out = new float[64];
        h.render(out, 0, 64, 64);
        Apu apu = plugin.synth().apu();
        assertEquals(9, apu.noise().envelope().volume());
        assertEquals(1, apu.noise().lengthCounter().value() > 0 ? 1 : 0);
        assertEquals(MidiDriver.timerFor(apu.region(), 45, true), apu.triangle().timer(),
                "a bend on the noise channel leaves the triangle alone");
        assertEquals(3, org.nesjam.apu.NoiseLfsrAccess.periodIndex(apu.noise()), "note 13 -> period index 3");
        assertEquals(1, org.nesjam.apu.NoiseLfsrAccess.mode(apu.noise()), "CC12 1 -> short mode");
    }

    @Test
    void noiseNotesSelectPeriodIndexSixteenMinusNote() {
        assertEquals(0, MidiDriver.noisePeriodIndex(16));
        assertEquals(15, MidiDriver.noisePeriodIndex(1));
        assertEquals(8, MidiDriver.noisePeriodIndex(8));
        for (int n = 18; n < 128; n++) {
            int idx = MidiDriver.noisePeriodIndex(n);
            assertTrue(idx >= 0 && idx <= 15 && idx <= MidiDriver.noisePeriodIndex(n - 1), "note " + n);
        }
        assertEquals(15, MidiDriver.velocityToVolume(15));
        assertEquals(1, MidiDriver.velocityToVolume(1));
        assertEquals(15, MidiDriver.velocityToVolume(127));
        assertEquals(8, MidiDriver.velocityToVolume(64));
    }

    @Test
    void stateRoundTripReproducesOutput() throws IOException {
        ApuInstrument a = new ApuInstrument();
        a.setParamValue(ApuParams.DUTY_P1, 1);
        a.setParamValue(ApuParams.ENVELOPE_P2, 1);
        a.setParamValue(ApuParams.ENVELOPE_RATE_P2, 7);
        a.setParamValue(ApuParams.FILTER, 1);
        a.setParamValue(ApuParams.BEND_RANGE, 12);
        byte[] state = a.saveState();
        ApuInstrument b = new ApuInstrument();
        b.loadState(state);
        for (int i = 0; i < a.paramCount(); i++) {
            int id = a.paramInfo(i).id();
            assertEquals(a.paramValue(id), b.paramValue(id), a.paramInfo(i).key());
        }
        Pattern p = busyPattern(1, 0);
        float[] x = new float[RATE];
        float[] y = new float[RATE];
        new InstrumentHarness(a, RATE, 512, p.times(), p.messages()).render(x, 0, RATE, 512);
        new InstrumentHarness(b, RATE, 512, p.times(), p.messages()).render(y, 0, RATE, 512);
        assertArrayEquals(x, y);
        assertThrows(IOException.class, () -> b.loadState(new byte[] {1, 2, 3}));
        assertEquals(12, b.paramValue(ApuParams.BEND_RANGE), "a failed load changes nothing");
    }

    @Test
    void registeredAsAService() {
        PluginFactory found = null;
        for (PluginFactory f : ServiceLoader.load(PluginFactory.class)) {
            if (f.descriptor().id().equals("org.nesjam.apu")) {
                found = f;
            }
        }
        assertNotNull(found);
        assertTrue(found.create() instanceof ApuInstrument);
        assertNotNull(new ApuInstrument().extension(org.nesjam.plugin.Params.class));
        assertNotNull(new ApuInstrument().extension(org.nesjam.plugin.PluginState.class));
    }
}
