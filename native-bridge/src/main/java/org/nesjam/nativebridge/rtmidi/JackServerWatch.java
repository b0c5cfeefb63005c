package org.nesjam.nativebridge.rtmidi;

import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Tells whether the JACK server our RtMidi clients talk to is still there. RtMidi registers no shutdown callback,
 * and after the server dies its JACK output queue is never drained again: about 2,350 messages later
 * {@code rtmidi_out_send_message} busy-waits forever (measured after {@code kill -9} of the server). So RtMidi
 * outputs check {@link #alive()} before each send. One small inactive-by-design JACK client per process
 * ({@code nesjam-watch}) with an {@code on_shutdown} callback does the watching. [thread-safe]
 */
public final class JackServerWatch {
    private static final Object LOCK = new Object();
    private static JackClient client;
    private static volatile boolean started;
    private static volatile boolean dead;

    private JackServerWatch() {
    }

    /** When the watch could not be started: not before this {@link System#nanoTime()} is it tried again. */
    private static volatile long retryAtNanos;
    /** Between two tries to start the watch. */
    static final long RETRY_NANOS = 1_000_000_000L;

    /**
     * False once the server shut down, or while it cannot be watched because it is not reachable (then the watch is
     * tried again at most once a second, so a server that was slow to answer is not given up for good). Cheap: one
     * volatile read once the watch runs.
     */
    public static boolean alive() {
        if (!started && System.nanoTime() - retryAtNanos >= 0) {
            start();
        }
        return !dead;
    }

    private static void start() {
        synchronized (LOCK) {
            if (started) {
                return;
            }
            try {
                JackClient c = Jack.getInstance().openClient("nesjam-watch",
                        EnumSet.of(JackOptions.JackNoStartServer), EnumSet.noneOf(JackStatus.class));
                dead = false;
                c.onShutdown(x -> dead = true);
                c.activate();
                client = c;
                started = true;
            } catch (Throwable t) {
                dead = true;
                retryAtNanos = System.nanoTime() + RETRY_NANOS;
            }
        }
    }

    /** Forget a dead server so that the next {@link #alive()} connects again (after a restart). */
    public static void reset() {
        synchronized (LOCK) {
            JackClient c = client;
            client = null;
            started = false;
            dead = false;
            retryAtNanos = System.nanoTime();
            if (c != null) {
                try {
                    c.close();
                } catch (Throwable ignored) {
                    // the server is gone; nothing to release there
                }
            }
        }
    }
}
