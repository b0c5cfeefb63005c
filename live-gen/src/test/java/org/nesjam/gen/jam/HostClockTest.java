package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * HostClock's phase lock when the host's clock jumps (a host's xrun moves its ticks by a few JACK periods at the same
 * tempo), and that ordinary arrival jitter, a tempo change or a burst of late ticks is not taken for a jump.
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

    @Test
    void aJumpOfTheClockIsFollowedWithinAFewTicks() {
        HostClock clock = new HostClock(RATE);
        clock.start(0);
        double jump = 0.0103 * RATE; // what a dummy JACK server's xrun did to jack_midi_clock's ticks
        for (long i = 0; i < 200; i++) {
            clock.tick(tickTime(100, 132, i) + (i >= 100 ? jump : 0));
            if (i == 105) { // six ticks after the jump
                assertEquals(0, errorMillis(clock, tickTime(100, 132, i) + jump, i), 0.5);
            }
        }
        assertEquals(1, clock.phaseSteps());
        assertEquals(0, errorMillis(clock, tickTime(100, 132, 199) + jump, 199), 0.01);
    }

    @Test
    void aJumpOfTwoPeriodsIsFollowedThroughPeriodDelivery() {
        SplittableRandom random = new SplittableRandom(1);
        for (double bpm : new double[] {80, 100, 132, 160}) {
            HostClock clock = new HostClock(RATE);
            clock.start(0);
            double jump = 2 * PERIOD;
            double worstAfterMillis = 0;
            for (long i = 0; i < 400; i++) {
                double sent = tickTime(1000, bpm, i) + (i >= 200 ? jump : 0);
                clock.tick(delivered(sent, random) - PERIOD); // the jam's clock lead takes a period off
                if (i >= 208) {
                    worstAfterMillis = Math.max(worstAfterMillis, Math.abs(errorMillis(clock, sent, i)));
                }
            }
            assertEquals(1, clock.phaseSteps(), bpm + " bpm: phase jumps followed");
            assertTrue(worstAfterMillis < 3.5, bpm + " bpm: " + worstAfterMillis + " ms off the host's ticks");
        }
    }

    @Test
    void jitterATempoChangeAndABurstOfLateTicksAreNoJump() {
        SplittableRandom random = new SplittableRandom(2);
        HostClock clock = new HostClock(RATE);
        clock.start(0);
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
        assertEquals(100, clock.tempoBpm(), 0.5);
    }
}
