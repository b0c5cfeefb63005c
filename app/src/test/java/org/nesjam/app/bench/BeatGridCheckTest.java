package org.nesjam.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** BeatGridCheck on made-up jack_midi_dump -a output: Start, clock, note-ons, Stop. */
class BeatGridCheckTest {
    static final double RATE = 48_000;

    /** A dump builder: a clock whose ticks and model notes (on every 6th tick, from {@code notesFrom} s) it writes. */
    static final class Dump {
        final List<String> lines = new ArrayList<>();
        double t;
        long tick;

        Dump() {
            line(0, "fa");
        }

        void line(double frame, String bytes) {
            lines.add(String.format(Locale.ROOT, "%d: %s", Math.round(frame), bytes));
        }

        /** {@code seconds} of clock at {@code bpm}; a note-on on each 16th at or after {@code notesFrom} s. */
        void clock(double bpm, double seconds, double notesFrom) {
            double end = t + seconds * RATE;
            double interval = 60 * RATE / bpm / 24;
            for (; t < end; t += interval, tick++) {
                line(t, "f8");
                if (tick % 6 == 0 && t >= notesFrom * RATE) {
                    line(t, "90 3c 64");
                }
            }
        }

        BeatGridCheck.Result analyse() {
            line(t, "fc");
            return BeatGridCheck.analyse(lines, RATE, 2.0);
        }
    }

    @Test
    void notesOnTheGridPassThroughATempoChange() {
        Dump d = new Dump();
        d.clock(132, 10, 0);
        d.clock(100, 10, 0);
        BeatGridCheck.Result r = d.analyse();
        assertEquals(2, r.segments().size());
        assertEquals(1.0, r.segments().get(0).fraction());
        assertEquals(1.0, r.segments().get(1).fraction());
        assertNull(r.failure(0.85));
    }

    @Test
    void aSliverLeftByAPhaseJumpWithoutNotesIsNotJudgedButALongSegmentWithoutNotesFails() {
        Dump d = new Dump();
        d.clock(132, 10, 0);
        d.clock(100, 2.8, 1e9); // no notes in the sliver
        d.t += 0.05 * RATE; // the host clock's phase jumps by 50 ms: the analysis breaks the tempo here
        d.clock(100, 8, 0);
        BeatGridCheck.Result r = d.analyse();
        assertEquals(3, r.segments().size(), r.segments().toString());
        assertEquals(0, r.segments().get(1).noteOns());
        assertTrue(r.segments().get(1).toSeconds() - r.segments().get(1).fromSeconds() < 1);
        assertNull(r.failure(0.85), String.valueOf(r.failure(0.85)));

        Dump silent = new Dump();
        silent.clock(132, 10, 0);
        silent.clock(100, 10, 1e9); // the second tempo has no note at all
        assertNotNull(silent.analyse().failure(0.85));
    }
}
