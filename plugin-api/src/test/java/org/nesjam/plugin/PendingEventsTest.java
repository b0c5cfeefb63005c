package org.nesjam.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The time-ordered event buffer shared by the engine and generator plugins (MIDI events, epochs). */
class PendingEventsTest {
    @Test
    void comesOutInTimeThenArrivalOrderAndDropsOnlyOldEpochsFromTheRollbackTime() {
        PendingEvents q = new PendingEvents(1000);
        SplittableRandom r = new SplittableRandom(1);
        List<long[]> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long t = r.nextInt(0, 200);
            int epoch = i < 300 ? 0 : 1;
            q.addMidi(t, i, epoch);
            expected.add(new long[] {t, i, epoch});
        }
        // rollback: epoch 2 from t = 100 drops epochs 0 and 1 at t >= 100
        assertEquals(expected.stream().filter(e -> e[0] >= 100).count(), q.dropEpochsBefore(2, 100));
        q.addMidi(150, 9999, 2);
        expected.removeIf(e -> e[0] >= 100);
        expected.add(new long[] {150, 9999, 2});
        expected.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1] == 9999 ? 1 << 20 : a[1],
                b[1] == 9999 ? 1 << 20 : b[1]));
        for (long[] e : expected) {
            assertEquals(e[0], q.peekSampleTime());
            assertEquals(e[1], q.peekMidi());
            q.removeTop();
        }
        assertEquals(0, q.size());
    }

    @Test
    void aFullBufferRefuses() {
        PendingEvents q = new PendingEvents(2);
        q.addMidi(1, 1, 0);
        q.addMidi(2, 2, 0);
        assertFalse(q.addMidi(3, 3, 0));
        assertEquals(2, q.size());
    }

    /**
     * A MIDI event polled into a block after its time goes at offset 0 and says when it was due (a JACK port's
     * stamp the engine got late); the lateness survives a copy and a sort of the block's events.
     */
    @Test
    void aLateEventSaysHowLateItIs() {
        PendingEvents q = new PendingEvents(8);
        q.add(900, EventBuffer.MIDI, 0xF8, 0, 0.0, 0, 41);
        q.add(1010, EventBuffer.MIDI, 0x90 | 60 << 8 | 100 << 16, 0, 0.0, 0, 42);
        EventBuffer block = new EventBuffer(8);
        q.pollInto(block, 1000);
        q.pollInto(block, 1000);
        assertEquals(0, block.blockOffset(0));
        assertEquals(-100, block.dueOffset(0));
        assertEquals(41, block.inputSequence(0));
        assertEquals(10, block.blockOffset(1));
        assertEquals(10, block.dueOffset(1));
        EventBuffer copy = new EventBuffer(8);
        copy.copyFrom(block, 1, block.blockOffset(1));
        copy.copyFrom(block, 0, block.blockOffset(0));
        copy.sortByOffset();
        assertEquals(0xF8, copy.midi(0));
        assertEquals(-100, copy.dueOffset(0));
        assertEquals(10, copy.dueOffset(1));
    }
}
