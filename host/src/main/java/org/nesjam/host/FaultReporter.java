package org.nesjam.host;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.SlotRing;
import org.nesjam.threads.NesjamThread;

/**
 * Real-time safe fault reporting: the audio thread {@link #pluginFailed posts} a failed plugin into a
 * {@link SlotRing} (never waits, drops and counts when full); a daemon reporter thread
 * polls the ring and prints exactly one line per fault:
 * <pre>nesjam: plugin com.example.fuzz (Fuzz 1.0) failed in process: java.lang.IllegalStateException: boom; bypassed for the rest of the session</pre>
 * Ownership: whoever creates it closes it (stops the thread after printing what is pending).
 */
public final class FaultReporter implements FaultSink, AutoCloseable {
    private static final int CAPACITY = 64;
    private static final long POLL_MILLIS = 20;

    /** One preallocated ring slot. References are cleared once printed so the plugin can be collected. */
    private static final class Slot {
        Plugin plugin;
        int chainIndex;
        Throwable error;
    }

    private final SlotRing<Slot> ring = SlotRing.multiProducer(Slot::new, CAPACITY);
    private final Consumer<String> out;
    private final AtomicLong reported = new AtomicLong();
    private long droppedReported;
    private final Thread thread;
    private volatile boolean closed;

    /** Reports to standard error from a daemon thread. */
    public FaultReporter() {
        this(System.err::println, true);
    }

    /**
     * @param out receives each report line [fault-reporter-thread, or the caller of {@link #drain}]
     * @param startThread false for hosts that call {@link #drain} themselves (tests, offline tools)
     */
    public FaultReporter(Consumer<String> out, boolean startThread) {
        this.out = out;
        if (startThread) {
            thread = NesjamThread.FAULT_REPORTER.newThread(this::loop);
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /** [audio-thread] Hand the fault over; no allocation, no lock, no wait. Dropped (and counted) when full. */
    @Override
    public void pluginFailed(Plugin plugin, int chainIndex, Throwable error) {
        long seq = ring.claim();
        if (seq < 0) {
            return;
        }
        Slot s = ring.slot(seq);
        s.plugin = plugin;
        s.chainIndex = chainIndex;
        s.error = error;
        ring.publish(seq);
    }

    /** [!audio-thread] Print every pending report now; returns how many were printed. */
    public synchronized int drain() {
        int[] n = {0};
        try {
            ring.poll((slot, sequence) -> {
                out.accept(line(slot.plugin, slot.chainIndex, slot.error));
                slot.plugin = null;
                slot.error = null;
                n[0]++;
                return true;
            });
        } catch (RuntimeException e) {
            out.accept("nesjam: fault reporter failed: " + e);
        }
        long d = ring.dropped();
        if (d > droppedReported) {
            out.accept("nesjam: " + (d - droppedReported) + " plugin fault report(s) dropped (report ring full)");
            droppedReported = d;
        }
        reported.addAndGet(n[0]);
        return n[0];
    }

    /** Reports printed so far. */
    public long reportedCount() {
        return reported.get();
    }

    /** Reports dropped because the ring was full. */
    public long droppedCount() {
        return ring.dropped();
    }

    /** The one report line for a fault. [any-thread; allocates] */
    public static String line(Plugin plugin, int chainIndex, Throwable error) {
        String who;
        try {
            PluginDescriptor d = plugin.descriptor();
            who = d.id() + " (" + d.name() + " " + d.version() + ")";
        } catch (RuntimeException e) {
            who = plugin.getClass().getName();
        }
        String what = error == null ? "returned ERROR" : "threw " + oneLine(error);
        return "nesjam: plugin " + who + " at chain position " + chainIndex + " failed in process: " + what
                + "; bypassed for the rest of the session";
    }

    private static String oneLine(Throwable t) {
        String s = String.valueOf(t);
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private void loop() {
        while (!closed) {
            drain();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                break;
            }
        }
        drain();
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            drain();
        }
    }
}
