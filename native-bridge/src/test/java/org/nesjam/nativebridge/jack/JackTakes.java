package org.nesjam.nativebridge.jack;

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
}
