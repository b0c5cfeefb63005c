package org.nesjam.midi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nesjam.plugin.Transport;

class MidiClockTest {
    /** One JACK period at 256 frames / 48 kHz, in ns: arrival times are quantised to it. */
    private static final long PERIOD_NANOS = 256L * 1_000_000_000L / 48_000;
    private static final long START = 1_000_000_000_000L;

    /** Sends ticks at {@code bpm} from {@code startNanos}, arrival quantised up to JACK periods plus noise. */
    private static long sendTicks(MidiClock clock, double bpm, long startNanos, int ticks, Random random) {
        double tickNanos = 60e9 / (bpm * 24);
        long t = startNanos;
        for (int i = 0; i < ticks; i++) {
            t = startNanos + Math.round(i * tickNanos);
            long arrival = ((t + PERIOD_NANOS - 1) / PERIOD_NANOS) * PERIOD_NANOS + random.nextInt(300_000);
            clock.onMessage(0xF8, arrival);
        }
        return t + Math.round(tickNanos);
    }

    @Test
    void estimatesSteadyTempoDespitePeriodJitter() {
        for (double bpm : new double[] {60, 90, 120, 133.3, 174, 240}) {
            MidiClock clock = new MidiClock();
            Random random = new Random((long) bpm);
            long end = sendTicks(clock, bpm, START, 48, random);
            assertEquals(bpm, clock.tempoBpm(), bpm * 0.005, "after 2 beats at " + bpm);
            assertTrue(clock.clockLocked(end));
            end = sendTicks(clock, bpm, end, 24 * 16, random);
            assertEquals(bpm, clock.tempoBpm(), bpm * 0.003, "after 18 beats at " + bpm);
        }
    }

    @Test
    void notLockedBeforeEnoughTicks() {
        MidiClock clock = new MidiClock();
        assertTrue(Double.isNaN(clock.tempoBpm()));
        assertFalse(clock.clockLocked(START));
        sendTicks(clock, 120, START, MidiClock.MIN_TICKS - 1, new Random(1));
        assertFalse(clock.clockLocked(START + 200_000_000L));
    }

    @Test
    void followsTempoChangeWithinOneBeat() {
        MidiClock clock = new MidiClock();
        Random random = new Random(7);
        long t = sendTicks(clock, 120, START, 96, random);
        assertEquals(120, clock.tempoBpm(), 0.5);
        t = sendTicks(clock, 140, t, 24, random);
        assertEquals(140, clock.tempoBpm(), 1.0, "one beat after 120 -> 140");
        sendTicks(clock, 80, t, 24, random);
        assertEquals(80, clock.tempoBpm(), 0.8, "one beat after 140 -> 80");
    }

    @Test
    void unlocksWhenClockStopsAndRestartsAfterGap() {
        MidiClock clock = new MidiClock();
        Random random = new Random(3);
        long t = sendTicks(clock, 120, START, 48, random);
        long interval = (long) (60e9 / (120 * 24));
        assertTrue(clock.clockLocked(t));
        assertFalse(clock.clockLocked(t + 5 * interval), "5 intervals without a tick");
        // after a 2 s gap the old ticks must not drag the new tempo
        t = sendTicks(clock, 100, t + 2_000_000_000L, 24, random);
        assertEquals(100, clock.tempoBpm(), 0.5);
        assertTrue(clock.clockLocked(t));
    }

    @Test
    void startStopContinueAndPosition() {
        MidiClock clock = new MidiClock();
        assertTrue(clock.playing());
        assertFalse(clock.transportSeen());
        clock.onMessage(0xFA, START);
        Random random = new Random(5);
        long t = sendTicks(clock, 120, START, 48, random);
        assertTrue(clock.playing());
        assertEquals(2.0, clock.beatPosition(), 1e-9);
        clock.onMessage(0xFC, t);
        assertFalse(clock.playing());
        t = sendTicks(clock, 120, t, 24, random); // clock keeps running while stopped: position holds
        assertEquals(2.0, clock.beatPosition(), 1e-9);
        clock.onMessage(0xFB, t);
        sendTicks(clock, 120, t, 12, random);
        assertEquals(2.5, clock.beatPosition(), 1e-9);
        // song position pointer: 16 sixteenths = 4 quarters (LSB 16, MSB 0)
        clock.onMessage(0xF2 | 16 << 8, t);
        assertEquals(4.0, clock.beatPosition(), 1e-9);

        Transport transport = new Transport();
        clock.onMessage(0xFC, t);
        long now = sendTicks(clock, 120, t, 24, random);
        clock.applyTo(transport, now);
        assertTrue(transport.clockLocked);
        assertFalse(transport.playing);
        assertEquals(120, transport.tempoBpm, 0.5);
    }

    @Test
    void pipelineReleasesTheNotesItLeftSounding() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> out.add(m), null, false);
        byte[] bytes = {(byte) 0x90, 60, 100, 64, 100, 67, 100, 64, 0, // C E G on, E off (note-on vel 0)
            (byte) 0x93, 10, 1, (byte) 0x83, 10, 5, // channel 4 on/off
            (byte) 0x9F, 127, 1, (byte) 0xBF, 123, 0, // channel 16: on, then all notes off
            (byte) 0x95, 0, 9}; // channel 6 key 0 stays on
        pipeline.bytes(bytes, 0, bytes.length, START);
        assertEquals(3, pipeline.heldNoteCount());
        out.clear();
        assertEquals(3, pipeline.releaseHeldNotes(START));
        assertEquals(java.util.List.of(0x80 | 60 << 8, 0x80 | 67 << 8, 0x85), out);
        assertEquals(0, pipeline.heldNoteCount());
        assertEquals(0, pipeline.releaseHeldNotes(START));
    }

    /** Random garbage plus a final release: whatever arrived, nothing is left sounding. */
    @Test
    void noStuckNotesAfterRandomBytes() {
        boolean[][] sounding = new boolean[16][128];
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> {
            int cmd = m & 0xF0;
            int ch = m & 0x0F;
            int key = (m >>> 8) & 0x7F;
            if (cmd == 0x90 && ((m >>> 16) & 0x7F) > 0) {
                sounding[ch][key] = true;
            } else if (cmd == 0x80 || cmd == 0x90) {
                sounding[ch][key] = false;
            } else if (cmd == 0xB0 && (key == 123 || key == 120)) {
                java.util.Arrays.fill(sounding[ch], false);
            } else if ((m & 0xFF) == 0xFF) {
                for (boolean[] c : sounding) {
                    java.util.Arrays.fill(c, false);
                }
            }
        }, null, false);
        Random random = new Random(5);
        byte[] buf = new byte[1 << 16];
        for (int round = 0; round < 50; round++) {
            random.nextBytes(buf);
            pipeline.bytes(buf, 0, buf.length, round);
        }
        pipeline.releaseHeldNotes(0);
        for (int ch = 0; ch < 16; ch++) {
            for (int key = 0; key < 128; key++) {
                assertFalse(sounding[ch][key], "stuck note ch " + ch + " key " + key);
            }
        }
    }

    @Test
    void pipelineRoutesClockToClockAndNotesDownstream() {
        MidiClock clock = new MidiClock();
        int[] seen = new int[2];
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> seen[(m & 0xFF) >= 0xF0 ? 1 : 0]++, clock, false);
        byte[] bytes = {(byte) 0xFA, (byte) 0x90, 60, (byte) 0xF8, 100, (byte) 0xFE, (byte) 0xF8};
        pipeline.bytes(bytes, 0, bytes.length, START);
        assertEquals(1, seen[0]);
        assertEquals(0, seen[1]);
        assertEquals(2, clock.totalTicks());
        assertTrue(clock.transportSeen());
    }
}
