package org.nesjam.nativebridge.jack;

/**
 * Recorded takes on a JACK server. An xrun shifts a recording against JACK's frame clock (an onset can even land
 * before its note was sent), so a take whose checks fail after an xrun is taken again, at most {@link #TAKES}
 * times; a take without xruns, and the last take, are judged as they are.
 */
public final class JackTakes {
    public static final int TAKES = 3;

    private JackTakes() {
    }

    /** One take: records, tells {@link Xruns#between} the engine's xrun counts around the recording, then checks. */
    @FunctionalInterface
    public interface Take {
        void run(Xruns xruns) throws Exception;
    }

    /** Whether the current take saw an xrun. */
    public static final class Xruns {
        private boolean seen;

        public void between(long before, long after) {
            seen = after != before;
        }
    }

    /** Runs {@code take} until it passes, fails without an xrun, or {@link #TAKES} takes were made. */
    public static void run(String test, Take take) throws Exception {
        for (int i = 1; ; i++) {
            Xruns xruns = new Xruns();
            try {
                take.run(xruns);
                return;
            } catch (AssertionError e) {
                if (!xruns.seen || i == TAKES) {
                    throw e;
                }
                System.out.println(test + ": take " + i + " had xruns and failed (" + e.getMessage()
                        + "); taking it again");
            }
        }
    }
}
