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
    static final int PERIOD = 256;

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

        /**
         * {@code seconds} of clock at {@code bpm}; a note-on on each 16th at or after {@code notesFrom} s, from beat 1
         * on (the jam's first note after Start: nothing can come sooner than its ports' latency).
         */
        void clock(double bpm, double seconds, double notesFrom) {
            double end = t + seconds * RATE;
            double interval = 60 * RATE / bpm / 24;
            for (; t < end; t += interval, tick++) {
                line(t, "f8");
                if (tick % 6 == 0 && tick >= 24 && t >= notesFrom * RATE) {
                    line(t, "90 3c 64");
                }
            }
        }

        BeatGridCheck.Result analyse() {
            line(t, "fc");
            return BeatGridCheck.analyse(lines, RATE, 2.0, PERIOD, true);
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
        // the host clock's phase jumps by 60 ms (2.4 ticks: a whole number of ticks would count as lost ticks)
        d.t += 0.06 * RATE;
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

    /** Ticks the dump lost (one, then two in a row) are counted from their gap, so the grid stays the host's. */
    @Test
    void ticksTheDumpLostAreCountedFromTheirGap() {
        Dump d = new Dump();
        d.clock(132, 10, 0);
        d.clock(100, 10, 0);
        List<String> lossy = new ArrayList<>(d.lines);
        int f8 = 0;
        for (int i = 0; i < lossy.size(); i++) {
            if (lossy.get(i).endsWith("f8") && (++f8 == 300 || f8 == 700 || f8 == 701)) {
                lossy.set(i, "# lost");
            }
        }
        lossy.add(String.format(Locale.ROOT, "%d: fc", Math.round(d.t)));
        BeatGridCheck.Result r = BeatGridCheck.analyse(lossy, RATE, 2.0, PERIOD, true);
        assertEquals(2, r.segments().size(), r.segments().toString());
        assertEquals(1.0, r.segments().get(0).fraction());
        assertEquals(1.0, r.segments().get(1).fraction());

        // a jump of the host's clock by 5 periods (25.9 ms at 100 bpm, nearly one tick of 25 ms) is no lost tick
        Dump jump = new Dump();
        jump.clock(100, 10, 0);
        jump.t += 5 * 256;
        jump.clock(100, 10, 1e9);
        List<String> lines = new ArrayList<>(jump.lines);
        lines.add(String.format(Locale.ROOT, "%d: fc", Math.round(jump.t)));
        long[] count = BeatGridCheck.countTicks(lines.stream().filter(l -> l.endsWith("f8"))
                .map(l -> Long.parseLong(l.substring(0, l.indexOf(':')))).toList(), PERIOD);
        assertEquals(count.length - 1, count[count.length - 1], "every tick counted once");
    }

    /**
     * Where the dump missed a cycle its frame clock falls back by a period or two, with or without the tick that
     * cycle held (as a dummy server showed): the host's ticks and the model's notes both move, and a lost tick is
     * counted from an interval of two ticks less the periods.
     */
    @Test
    void ticksLostWhereTheDumpsClockFellBackAreCounted() {
        Dump d = new Dump();
        d.clock(132, 10, 0);
        d.clock(100, 10, 0);
        List<String> lossy = new ArrayList<>();
        long back = 0;
        int f8 = 0;
        for (String l : d.lines) {
            int colon = l.indexOf(':');
            long frame = Long.parseLong(l.substring(0, colon));
            boolean tick = l.endsWith("f8");
            if (tick) {
                f8++;
                if (f8 == 150 || f8 == 300 || f8 == 600) { // a missed cycle with a tick in it
                    back += f8 == 600 ? 2 * PERIOD : PERIOD;
                    continue;
                }
                if (f8 == 200 || f8 == 650) { // one without
                    back += PERIOD;
                }
            }
            lossy.add((frame - back) + l.substring(colon));
        }
        lossy.add(String.format(Locale.ROOT, "%d: fc", Math.round(d.t) - back));
        BeatGridCheck.Result r = BeatGridCheck.analyse(lossy, RATE, 2.0, PERIOD, true);
        assertEquals(2, r.segments().size(), r.segments().toString());
        assertEquals(1.0, r.segments().get(0).fraction(), r.segments().toString());
        assertEquals(1.0, r.segments().get(1).fraction(), r.segments().toString());
        BeatGridCheck.Result unrepaired = BeatGridCheck.analyse(lossy, RATE, 2.0, 0, true);
        assertTrue(unrepaired.segments().get(0).fraction() < 0.85, "without the period the lost ticks stay lost");
    }

    /**
     * The through port's record: a tick lost right after the downbeat (counted from the first interval), and a tick
     * the recorder took a period late (a call late for its cycle) next to a lost one: moved back a period, the count
     * and the grid stay the host's; without the period the late tick miscounts the rest.
     */
    @Test
    void aTickRecordedAPeriodLateIsMovedBackAndAGapAfterTheDownbeatCounted() {
        Dump d = new Dump();
        d.clock(132, 10, 0);
        d.clock(100, 10, 0);
        List<String> record = new ArrayList<>();
        int f8 = 0;
        for (String l : d.lines) {
            if (l.endsWith("f8")) {
                f8++;
                if (f8 == 2 || f8 == 401) {
                    continue; // lost
                }
                if (f8 == 400) {
                    int colon = l.indexOf(':');
                    record.add((Long.parseLong(l.substring(0, colon)) + PERIOD) + l.substring(colon));
                    continue;
                }
            }
            record.add(l);
        }
        record.add(String.format(Locale.ROOT, "%d: fc", Math.round(d.t)));
        BeatGridCheck.Result r = BeatGridCheck.analyse(record, RATE, 2.0, PERIOD);
        assertEquals(2, r.segments().size(), r.segments().toString());
        assertEquals(1.0, r.segments().get(0).fraction(), r.segments().toString());
        assertEquals(1.0, r.segments().get(1).fraction(), r.segments().toString());
        BeatGridCheck.Result unrepaired = BeatGridCheck.analyse(record, RATE, 2.0, 0);
        assertTrue(unrepaired.segments().get(1).fraction() < 0.85, unrepaired.segments().toString());
    }

    /**
     * The jam's clock log against the record: the jam's stamps lie a constant apart from the record's frames (aligned
     * at Start); a jam that counted 4 ticks too many from the 300th tick on is reported there, and a log tick a
     * period late is still matched.
     */
    @Test
    void comparesTheJamsTickCountWithTheChecks() {
        Dump d = new Dump();
        d.clock(132, 8, 0);
        d.line(d.t, "fc");
        long offset = 1_000_000;
        List<String> log = new ArrayList<>();
        log.add("# sampleTime status nextTick tickPosition");
        long next = 0;
        for (String line : d.lines) {
            String[] f = line.split(": ");
            long frame = Long.parseLong(f[0]);
            if (f[1].equals("fa")) {
                log.add((frame + offset) + " fa 0 0.000");
            } else if (f[1].equals("f8")) {
                next += next == 300 ? 5 : 1;
                long late = next == 100 ? PERIOD : 0; // the jam's input was called a period late for this one
                log.add((frame + offset + late) + " f8 " + next + " 0.000");
            }
        }
        BeatGridCheck.Result r = BeatGridCheck.analyse(d.lines, RATE, 2.0, PERIOD, false, log);
        assertEquals("0 from 0.0 s (tick 0); +4 from 5.7 s (tick 300); 0 recorded ticks unmatched", r.jamCount());
        assertEquals("", BeatGridCheck.analyse(d.lines, RATE, 2.0, PERIOD, false, null).jamCount());
    }
}
