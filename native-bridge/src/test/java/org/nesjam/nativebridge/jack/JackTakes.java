package org.nesjam.nativebridge.jack;

import org.nesjam.nativebridge.probe.JackCaptureClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.host.rt.Engine;
import org.nesjam.plugin.Midi;
import org.nesjam.testsupport.SignalAnalysis;

/**
 * Recorded takes on a JACK server. An xrun shifts a recording against JACK's frame clock (an onset can even land
 * before its note was sent), and a process thread that wakes late (a VM stalling it, without any xrun) moves an
 * onset by as much as it was late; so a take whose checks fail after such a disturbance is taken again: at least
 * {@link #TAKES} takes, and more while {@link #BUDGET_NANOS} have not passed (a VM's noisy spell can last seconds).
 * A take without disturbance, and the last take, are judged as they are: a real latency defect fails every take.
 */
public final class JackTakes {
    public static final int TAKES = 3;
    /** Disturbed takes are taken again until this much time has passed since the first began. */
    public static final long BUDGET_NANOS = 60_000_000_000L;
    /** Wake-up jitter ({@link JackCaptureClient#wakeJitterNanos()}) above which a take counts as disturbed. */
    public static final long WAKE_JITTER_LIMIT_NANOS = 1_000_000L;

    private JackTakes() {
    }

    /** One take: records, tells {@link Disturbance} what happened around the recording, then checks. */
    @FunctionalInterface
    public interface Take {
        void run(Disturbance disturbance) throws Exception;
    }

    /** What disturbed the current take, if anything. */
    public static final class Disturbance {
        private String seen;

        /** The engine's xrun counts before and after the recording. */
        public void xrunsBetween(long before, long after) {
            if (after != before) {
                seen = (after - before) + " xruns";
            }
        }

        /** The capture client's wake-up jitter over the recording. */
        public void wakeJitter(JackCaptureClient capture) throws Exception {
            long jitterNanos = capture.wakeJitterNanos();
            if (jitterNanos > WAKE_JITTER_LIMIT_NANOS && seen == null) {
                seen = String.format("wake-up jitter %.2f ms", jitterNanos / 1e6);
            }
        }
    }

    /** Runs {@code take} until it passes, fails undisturbed, or the takes and the time budget are used up. */
    public static void run(String test, Take take) throws Exception {
        long startNanos = System.nanoTime();
        for (int i = 1; ; i++) {
            Disturbance disturbance = new Disturbance();
            try {
                take.run(disturbance);
                return;
            } catch (AssertionError e) {
                boolean lastTake = i >= TAKES && System.nanoTime() - startNanos > BUDGET_NANOS;
                if (disturbance.seen == null || lastTake) {
                    throw e;
                }
                System.out.println(test + ": take " + i + " was disturbed (" + disturbance.seen + ") and failed ("
                        + e.getMessage() + "); taking it again");
            }
        }
    }

    /** Sends one MIDI message into what is under test. */
    @FunctionalInterface
    public interface Send {
        void send(int packedMidi) throws Exception;
    }

    /**
     * One take of {@code notes}, one after another (each on for 300 ms at velocity 110, then 100 ms off), recorded by
     * {@code capture}; tells {@code disturbance} about {@code engine}'s xruns and the recording's wake-up jitter.
     * Returns each note-on's send time on JACK's frame clock.
     */
    public static long[] recordNotes(JackCaptureClient capture, Engine engine, int[] notes, Send send,
                                     Disturbance disturbance) throws Exception {
        long xrunsBefore = engine.xrunCount();
        capture.startRecording();
        Thread.sleep(100);
        long[] sentFrame = new long[notes.length];
        for (int i = 0; i < notes.length; i++) {
            sentFrame[i] = capture.frameTimeNow();
            send.send(Midi.pack(Midi.NOTE_ON, notes[i], 110));
            Thread.sleep(300);
            send.send(Midi.pack(Midi.NOTE_OFF, notes[i], 0));
            Thread.sleep(100);
        }
        capture.stopRecording();
        disturbance.xrunsBetween(xrunsBefore, engine.xrunCount());
        disturbance.wakeJitter(capture);
        return sentFrame;
    }

    /**
     * Checks a take of {@link #recordNotes} played by {@link ProbeInstrument}: in order, each note starts 0 to
     * {@code maxLatencyFrames} after it was sent ({@code latencyName} names that latency in the message), sounds at
     * its pitch within 1 Hz and lasts 0.3 s within 0.06 s. Returns the latencies in ms.
     */
    public static double[] checkNotes(JackCaptureClient capture, int[] notes, long[] sentFrame, int rate, int period,
                                      long maxLatencyFrames, String latencyName) {
        float[] rec = capture.samples();
        int n = capture.recordedFrames();
        double[] latencyMs = new double[notes.length];
        int from = 0;
        for (int i = 0; i < notes.length; i++) {
            int onset = SignalAnalysis.firstAbove(rec, from, n, 0f);
            assertTrue(onset > 0, "note " + i + " recorded");
            long latencyFrames = capture.frameTimeAt(onset) - sentFrame[i];
            latencyMs[i] = latencyFrames * 1000.0 / rate;
            assertTrue(latencyFrames >= 0 && latencyFrames <= maxLatencyFrames,
                    "note " + i + ": " + latencyName + " " + latencyFrames + " frames, period " + period);
            double hz = SignalAnalysis.pitchHz(rec, onset + 64, rate / 10, rate, 100, 2000);
            assertEquals(ProbeInstrument.noteHz(notes[i]), hz, 1.0, "pitch of note " + i);
            int end = SignalAnalysis.silenceFrom(rec, onset, n);
            assertEquals(0.3, (end - onset) / (double) rate, 0.06, "duration of note " + i);
            from = end + 1;
        }
        return latencyMs;
    }
}
