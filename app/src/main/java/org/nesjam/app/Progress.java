package org.nesjam.app;

import java.util.Locale;

/**
 * Progress of long work ({@code eval}, {@code check-midi}, {@code dataset}, {@code render}, long benchmarks) on
 * stderr: one line rewritten in place, at most twice a second, from the first second on; only on a terminal
 * ({@code System.console() != null}, or the system property {@code nesjam.progress=always}), so piped output and
 * logs stay quiet. [the thread that does the work]
 */
public final class Progress {
    private final String label;
    private final String unit;
    private final long total;
    private final boolean shown = enabled();
    private final long startNanos = System.nanoTime();
    private long lastNanos;
    private boolean printed;

    /** {@code label}: what is done ("eval"); {@code unit}: of what ("songs"); {@code total}: how many (0: unknown). */
    public Progress(String label, String unit, long total) {
        this.label = label;
        this.unit = unit;
        this.total = total;
    }

    /** Whether progress is shown: on a terminal, or when asked for with {@code -Dnesjam.progress=always}. */
    public static boolean enabled() {
        return System.console() != null || "always".equals(System.getProperty("nesjam.progress"));
    }

    /** {@code done} of the total are done. */
    public void update(long done) {
        if (!shown) {
            return;
        }
        long now = System.nanoTime();
        if (now - startNanos < 1_000_000_000L || now - lastNanos < 500_000_000L) {
            return;
        }
        lastNanos = now;
        printed = true;
        System.err.print(line(done, now));
        System.err.flush();
    }

    /** Says where the work is now whatever the time: for a phase that is about to start ("loading the model"). */
    public void note(String what) {
        if (shown) {
            printed = true;
            System.err.print("\r\033[K" + label + ": " + what);
            System.err.flush();
        }
    }

    /** Clears the progress line (the command's summary follows). */
    public void done() {
        if (printed) {
            System.err.print("\r\033[K");
            System.err.flush();
        }
    }

    private String line(long done, long now) {
        double seconds = (now - startNanos) / 1e9;
        return total > 0 ? String.format(Locale.ROOT, "\r\033[K%s: %d/%d %s (%d%%, %.0f s)", label, done, total, unit,
                done * 100 / total, seconds)
                : String.format(Locale.ROOT, "\r\033[K%s: %d %s (%.0f s)", label, done, unit, seconds);
    }
}
