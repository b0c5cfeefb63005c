package org.nesjam.nativebridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JACK MIDI output's schedule: messages at their frames, late ones at a cycle's start, a repeated cycle written again. */
class FrameQueueTest {
    private static final int PERIOD = 256;
    private static final int NOTE_ON = 0x90 | 60 << 8 | 100 << 16;
    private static final int NOTE_OFF = 0x80 | 60 << 8;

    /** What one cycle wrote: "offset:packed" each. */
    private static List<String> cycle(FrameQueue q, long start) {
        List<String> out = new ArrayList<>();
        q.cycle(start, PERIOD, (offset, packed) -> out.add(offset + ":" + Integer.toHexString(packed)));
        return out;
    }

    @Test
    void writesEachMessageAtItsOffsetInTimeOrder() {
        FrameQueue q = new FrameQueue(16);
        q.add(1000 + 300, NOTE_OFF);
        q.add(1000 + 10, NOTE_ON);
        assertEquals(List.of("10:" + Integer.toHexString(NOTE_ON)), cycle(q, 1000));
        assertFalse(q.idle());
        assertEquals(List.of("44:" + Integer.toHexString(NOTE_OFF)), cycle(q, 1256));
        assertTrue(q.idle());
        assertEquals(List.of(), cycle(q, 1512));
        assertEquals(2, q.sent());
        assertEquals(0, q.late());
    }

    @Test
    void aMessageWhoseFramePassedLeavesAtTheCyclesStart() {
        FrameQueue q = new FrameQueue(16);
        cycle(q, 1000);
        q.add(1100, NOTE_ON); // its cycle (1000) was skipped
        q.add(1300, NOTE_OFF);
        assertEquals(List.of("0:" + Integer.toHexString(NOTE_ON), "44:" + Integer.toHexString(NOTE_OFF)),
                cycle(q, 1256));
        assertEquals(1, q.late());
    }

    /** The server ran the client again for the same cycle (same frame time): its cleared buffer gets them again. */
    @Test
    void aCycleRunTwiceIsWrittenTwiceAndCountedOnce() {
        FrameQueue q = new FrameQueue(16);
        q.add(1010, NOTE_ON);
        q.add(1500, NOTE_OFF);
        List<String> first = cycle(q, 1000);
        assertEquals(first, cycle(q, 1000));
        assertEquals(1, q.repeatedCycles());
        assertEquals(1, q.rewrittenCycles());
        assertEquals(1, q.sent());
        assertEquals(List.of("244:" + Integer.toHexString(NOTE_OFF)), cycle(q, 1256));
        assertEquals(2, q.sent());
    }

    /** A message filed after others were written but due before them leaves with the last of them (time order). */
    @Test
    void aMessageDueBeforeOnesWrittenLeavesWithTheLastOfThem() {
        FrameQueue q = new FrameQueue(16);
        q.add(1100, NOTE_ON);
        cycle(q, 1000);
        q.add(1050, NOTE_OFF); // came late, in a call for the same cycle
        assertEquals(List.of("100:" + Integer.toHexString(NOTE_ON), "100:" + Integer.toHexString(NOTE_OFF)),
                cycle(q, 1000));
    }

    @Test
    void retractsNoteOnsNotYetWrittenAndKeepsTheirNoteOffs() {
        FrameQueue q = new FrameQueue(16);
        q.add(1010, NOTE_ON);
        q.add(1300, NOTE_ON);
        q.add(1400, NOTE_OFF);
        cycle(q, 1000);
        q.retractNoteOnsFrom(1000);
        assertEquals(1, q.retracted()); // the one at 1010 had left
        assertEquals(List.of("144:" + Integer.toHexString(NOTE_OFF)), cycle(q, 1256));
    }

    @Test
    void aFullQueueDropsAndFramesWrapAt32Bits() {
        FrameQueue q = new FrameQueue(2);
        long start = 0xFFFF_FF00L;
        assertTrue(q.add(start + 0x1F0, NOTE_OFF)); // wraps to 0xF0
        assertTrue(q.add(start + 0x10, NOTE_ON));
        assertFalse(q.add(start + 0x20, NOTE_ON));
        assertEquals(1, q.dropped());
        assertEquals(List.of("16:" + Integer.toHexString(NOTE_ON)), cycle(q, start));
        assertEquals(List.of("240:" + Integer.toHexString(NOTE_OFF)), cycle(q, (start + PERIOD) & 0xFFFF_FFFFL));
    }
}
