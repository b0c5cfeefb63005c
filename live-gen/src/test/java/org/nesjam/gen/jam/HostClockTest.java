package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HostClock's phase lock when the clock's phase jumps on the engine's timeline (its audio client missed cycles in an
 * xrun), when ticks were lost on the way, and that ordinary arrival jitter, a tempo change or a burst of late ticks
 * is neither.
 */
class HostClockTest {
    static final double RATE = 48_000;
    static final int PERIOD = 256;

    /** Tick {@code i} of a clock at {@code bpm} from {@code origin}. */
    static double tickTime(double origin, double bpm, long i) {
        return origin + i * 60.0 * RATE / bpm / HostClock.TICKS_PER_BEAT;
    }

    /** As RtMidi on JACK delivers it: at the start of the next period, plus up to a quarter period of polling. */
    static double delivered(double t, SplittableRandom random) {
        return (Math.floor(t / PERIOD) + 1) * PERIOD + random.nextDouble() * PERIOD / 4;
    }

    /** How far the clock's line puts tick {@code i} from where the host sent it (ms). */
    static double errorMillis(HostClock clock, double trueTime, long i) {
        return (clock.sampleTimeAt(i / (double) HostClock.TICKS_PER_BEAT) - trueTime) / RATE * 1000;
    }

    /** A clock whose ticks the jam receives on JACK periods ({@link #delivered}). */
    static HostClock periodClock() {
        HostClock clock = new HostClock(RATE);
        clock.arrivalPeriod(PERIOD);
        clock.start(0);
        return clock;
    }

    @Test
    void aJumpOfTheClockIsFollowedWithinAFewTicks() {
        HostClock clock = new HostClock(RATE);
        clock.start(0);
        double jump = -2 * PERIOD; // the engine's timeline fell back by two periods (two cycles it missed)
        for (long i = 0; i < 200; i++) {
            clock.tick(tickTime(100, 132, i) + (i >= 100 ? jump : 0));
            if (i == 101) {
                assertEquals(0, errorMillis(clock, tickTime(100, 132, i) + jump, i), 0.01);
            }
        }
        assertEquals(1, clock.phaseSteps());
        assertEquals(0, clock.lostTicks());
        assertEquals(0, errorMillis(clock, tickTime(100, 132, 199) + jump, 199), 0.01);
    }

    /**
     * The engine's timeline falls back by one to three JACK periods where its audio client missed cycles in an
     * xrun (ticks then arrive that much earlier on it), through period delivery: the grid is back within a few ticks
     * (one period, the jump's smallest, is taken up by the line within a window instead) and the tempo does not move.
     */
    @Test
    void theEngineFallingBackByPeriodsMovesTheGridAndNotTheTempo() {
        SplittableRandom random = new SplittableRandom(3);
        for (double bpm : new double[] {80, 100, 132, 160}) {
            for (int periods : new int[] {1, 2, 3}) {
                if (periods * PERIOD > 0.9 * (tickTime(0, bpm, 1) - tickTime(0, bpm, 0))) {
                    continue; // back by more than a tick: time runs backwards, the line restarts (not this test)
                }
                HostClock clock = periodClock();
                double jump = -periods * PERIOD;
                double worstAfterMillis = 0;
                double worstBpm = 0;
                for (long i = 0; i < 400; i++) {
                    double sent = tickTime(1000, bpm, i) + (i >= 200 ? jump : 0);
                    clock.tick(delivered(sent, random) - PERIOD); // the jam's clock lead takes a period off
                    if (i >= (periods == 1 ? 260 : 204)) {
                        worstAfterMillis = Math.max(worstAfterMillis, Math.abs(errorMillis(clock, sent, i)));
                    }
                    if (i >= 200) {
                        worstBpm = Math.max(worstBpm, Math.abs(clock.tempoBpm() - bpm));
                    }
                }
                String what = bpm + " bpm, " + periods + " periods back: ";
                assertTrue(worstAfterMillis < 3.5, what + worstAfterMillis + " ms off the host's ticks");
                assertTrue(worstBpm < (periods == 1 ? 0.012 * bpm : 1), what + "tempo off by " + worstBpm + " bpm");
                assertEquals(0, clock.lostTicks(), what + "lost ticks");
            }
        }
    }

    /**
     * Ticks lost on the way (a JACK client of the jam skipped in an xrun: seen as the jam counting one tick fewer
     * than the through port that fed it), one alone, two in a row, one where the engine also fell back a period, and
 * two gaps in a row:
     * counted from their gap, so the 16ths stay the host's; a tempo halving is no loss.
     */
    @Test
    void lostTicksAreCountedFromTheirGap() {
        SplittableRandom random = new SplittableRandom(4);
        for (double bpm : new double[] {80, 100, 132, 160}) {
            HostClock clock = periodClock();
            double worstMillis = 0;
            double back = 0;
            int sinceGap = 99;
            for (long i = 0; i < 500; i++) {
                if (i == 300) {
                    back = PERIOD;
                }
                double sent = tickTime(1000, bpm, i) - back;
                if (i == 150 || i == 220 || i == 221 || i == 300 || i == 400 || i == 402) {
                    sinceGap = 0;
                    continue;
                }
                clock.tick(delivered(sent, random) - PERIOD);
                if (i >= 100 && ++sinceGap > 3) { // the line runs through the ticks since the gap: a few first
                    worstMillis = Math.max(worstMillis, Math.abs(errorMillis(clock, sent, i)));
                }
            }
            assertEquals(6, clock.lostTicks(), bpm + " bpm: lost ticks counted");
            assertEquals(0, clock.duplicateTicks(), bpm + " bpm");
            assertTrue(worstMillis < 3.5, bpm + " bpm: " + worstMillis + " ms off the host's ticks");
        }
        HostClock halved = periodClock();
        long i = 0;
        for (; i < 300; i++) {
            halved.tick(delivered(tickTime(0, 160, i), random));
        }
        double origin = tickTime(0, 160, i) - i * 60.0 * RATE / 80 / HostClock.TICKS_PER_BEAT;
        for (; i < 600; i++) {
            halved.tick(delivered(tickTime(origin, 80, i), random));
        }
        assertEquals(0, halved.lostTicks(), "160 -> 80 bpm");
        assertEquals(80, halved.tempoBpm(), 0.5);
        // a hand-over to another clock whose first tick comes about two ticks after the last one: no tick was lost
        HostClock handOver = periodClock();
        for (i = 0; i < 300; i++) {
            handOver.tick(delivered(tickTime(0, 132, i), random) - PERIOD);
        }
        double from = tickTime(0, 132, i + 1);
        double worstMillis = 0;
        for (long k = 0; k < 300; k++, i++) {
            double sent = from + k * 60.0 * RATE / 100 / HostClock.TICKS_PER_BEAT;
            if (k == 2) {
                continue; // lost right after the hand-over: counted once the new tempo is known
            }
            handOver.tick(delivered(sent, random) - PERIOD);
            if (k >= 100) {
                worstMillis = Math.max(worstMillis, Math.abs(errorMillis(handOver, sent, i)));
            }
        }
        assertEquals(1, handOver.lostTicks(), "132 -> 100 bpm after a gap of two ticks, then a tick lost");
        assertEquals(100, handOver.tempoBpm(), 0.5);
        assertTrue(worstMillis < 3.5, worstMillis + " ms off the host's ticks after the hand-over");
        // a hand-over whose gap is nearly a whole number of the new tempo's ticks (4 x 25 ms, less 0.5 ms): one tick
        HostClock nearWhole = periodClock();
        long j = 0;
        for (; j < 300; j++) {
            nearWhole.tick(delivered(tickTime(0, 132, j), random) - PERIOD);
        }
        double newTick = 60.0 * RATE / 100 / HostClock.TICKS_PER_BEAT;
        double first = tickTime(0, 132, j - 1) + 4 * newTick - 0.0005 * RATE;
        for (long k = 0; k < 100; k++) {
            nearWhole.tick(delivered(first + k * newTick, random) - PERIOD);
        }
        assertEquals(0, nearWhole.lostTicks(), "a hand-over gap of nearly 4 new ticks");
    }

    /** A tick the MIDI input got twice (a JACK cycle run twice in an xrun) is left out; the count stays the host's. */
    @Test
    void aTickReceivedTwiceIsLeftOut() {
        SplittableRandom random = new SplittableRandom(5);
        for (double bpm : new double[] {80, 132, 160}) {
            HostClock clock = periodClock();
            double worstMillis = 0;
            for (long i = 0; i < 300; i++) {
                double sent = tickTime(1000, bpm, i);
                double at = delivered(sent, random) - PERIOD;
                clock.tick(at);
                if (i == 100 || i == 200) {
                    clock.tick(at + 3);
                }
                if (i > 100) {
                    worstMillis = Math.max(worstMillis, Math.abs(errorMillis(clock, sent, i)));
                }
            }
            assertEquals(2, clock.duplicateTicks(), bpm + " bpm");
            assertEquals(0, clock.lostTicks(), bpm + " bpm");
            assertTrue(worstMillis < 3.5, bpm + " bpm: " + worstMillis + " ms off the host's ticks");
        }
    }

    @Test
    void jitterATempoChangeAndABurstOfLateTicksAreNoJump() {
        SplittableRandom random = new SplittableRandom(2);
        HostClock clock = periodClock();
        long i = 0;
        for (; i < 600; i++) { // 132 bpm delivered on periods
            clock.tick(delivered(tickTime(0, 132, i), random));
        }
        double origin = tickTime(0, 132, i) - (i * 60.0 * RATE / 100 / HostClock.TICKS_PER_BEAT);
        for (; i < 1000; i++) { // 100 bpm from there on, no new Start
            clock.tick(delivered(tickTime(origin, 100, i), random));
        }
        for (; i < 1400; i++) { // 100 bpm, each tick jittered by up to 20 % of a tick (jack_midi_clock -J 20)
            double interval = 60.0 * RATE / 100 / HostClock.TICKS_PER_BEAT;
            clock.tick(tickTime(origin, 100, i) + (random.nextDouble() * 2 - 1) * 0.2 * interval);
        }
        for (; i < 1600; i++) { // a MIDI thread that stalled: five ticks arrive together, late
            long burstEnd = 1504;
            clock.tick(tickTime(origin, 100, i >= 1500 && i <= burstEnd ? burstEnd : i));
        }
        assertEquals(0, clock.phaseSteps());
        assertEquals(0, clock.lostTicks());
        assertEquals(0, clock.duplicateTicks());
        assertEquals(100, clock.tempoBpm(), 0.5);
    }

    /** A clock whose ticks come stamped exact to the frame by a JACK MIDI input ({@link HostClock#exactStamps}). */
    static HostClock exactClock() {
        HostClock clock = new HostClock(RATE);
        clock.exactStamps(PERIOD);
        clock.arrivalPeriod(0);
        clock.start(0);
        return clock;
    }

    /** A tick exact to the frame, as jack_midi_clock sends it (rounded to frames). */
    static double frame(double t) {
        return Math.round(t);
    }

    /**
     * Exact stamps: lost ticks counted from exact gaps at tempos up to 200 bpm (where a tick is more than two periods
     * long), right after the downbeat and from the fourth tick after Start on (one, two, three in a row, and two gaps
     * back to back), a tick stamped a period late and one two periods late (port calls late for their cycles) taken
     * back to their slots, and no tick counted at a hand-over to another clock whose first tick lies nearly whole
     * ticks after the last of the old one.
     */
    @Test
    void exactStampsCountEveryGapAndNoHandOver() {
        for (double bpm : new double[] {80, 100, 132, 160, 200}) {
            HostClock clock = exactClock();
            java.util.Set<Long> lost = java.util.Set.of(1L, 4L, 5L, 40L, 61L, 62L, 63L, 90L, 92L, 150L);
            for (long i = 0; i < 200; i++) {
                if (!lost.contains(i)) {
                    clock.tick(frame(tickTime(300, bpm, i)) + (i == 120 ? PERIOD : i == 170 ? 2 * PERIOD : 0));
                }
                if (i > 14 && !lost.contains(i)) { // the first 12 ticks recounted
                    assertEquals(0, errorMillis(clock, tickTime(300, bpm, i), i), 0.05, bpm + " bpm, tick " + i);
                }
            }
            assertEquals(lost.size(), clock.lostTicks(), bpm + " bpm");
            assertEquals(2, clock.lateTicks(), bpm + " bpm");
            assertEquals(0, clock.phaseSteps(), bpm + " bpm");

            // another clock at 100 bpm takes over 7.82 of the old ticks after the last: a new count, not 7 lost
            double last = tickTime(300, bpm, 199);
            double first = last + 7.82 * 60.0 * RATE / bpm / HostClock.TICKS_PER_BEAT;
            long before = clock.lostTicks();
            for (long i = 0; i < 100; i++) {
                clock.tick(frame(tickTime(first, 100, i)));
            }
            assertEquals(before, clock.lostTicks(), bpm + " bpm: a hand-over is no lost tick");
            assertEquals(100, clock.tempoBpm(), 0.01);
        }
    }

    /**
     * Seen in a beat-lock take (80 -> 160 bpm): ten ticks after a hand-over (a line too young for the on-the-line
     * rules), a tick came a period late and the next was lost; the late tick goes back by the intervals before it,
     * so the gap after it is whole ticks and counted: every later tick keeps its count.
     */
    @Test
    void aLateTickAndALostOneRightAfterAHandOverKeepTheCount() {
        for (double bpm : new double[] {100, 132, 160}) {
            HostClock clock = exactClock();
            for (long i = 0; i < 257; i++) {
                clock.tick(frame(tickTime(300, 80, i)));
            }
            double first = tickTime(300, 80, 256) + 6894;
            long lostBefore = clock.lostTicks();
            for (long j = 0; j < 100; j++) {
                if (j == 11) {
                    continue;
                }
                clock.tick(frame(tickTime(first, bpm, j)) + (j == 10 ? PERIOD : 0));
                assertEquals(257 + j + 1, clock.nextTickIndex(), bpm + " bpm, tick " + j + " after the hand-over");
            }
            assertEquals(lostBefore + 1, clock.lostTicks(), bpm + " bpm");
            assertEquals(1, clock.lateTicks(), bpm + " bpm");
        }
    }
}
