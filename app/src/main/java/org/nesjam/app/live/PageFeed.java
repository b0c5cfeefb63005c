package org.nesjam.app.live;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.nesjam.threads.NesjamThread;

/**
 * The live feed of the control page and the overlay: a thread that drains {@link NoteFeed} at display rate
 * ({@link #TICK_NANOS}), keeps the {@link RollModel}, and pushes frames as server-sent events to every connected page.
 * A player's note wakes the feed at once
 * ({@link NoteFeed#wakeOnPlayer}), at most every {@link #MIN_GAP_NANOS}. A frame is one JSON object
 * {@code {"ph": playheadMs, "wall": epochMs, "notes": [...], "state": {...}}} (wall: when it was made) ({@link RollModel#json} for
 * the notes; {@code state} comes from the command every {@link #STATE_NANOS}), sent when the notes changed and at
 * least every {@link #STATE_NANOS}; each frame is complete, so a page that misses one loses nothing.
 * <p>
 * Each page has its own writer thread holding only the latest frame ({@link Client}): a slow or vanished browser
 * delays nobody else, and one that disconnects is dropped at its next write. At most {@link #MAX_CLIENTS} pages.
 * Nothing here touches the audio thread: the playhead is a volatile read. Threads: [page-feed-thread], one
 * [page-client-thread] per page; {@link #add} [control-page-thread]; {@link #close} [main-thread].
 */
public final class PageFeed implements AutoCloseable {
    static final long TICK_NANOS = 16_000_000L;
    /** Shortest time between two frames when a player's note wakes the feed early. */
    static final long MIN_GAP_NANOS = 4_000_000L;
    static final long STATE_NANOS = 250_000_000L;
    static final int MAX_CLIENTS = 8;
    /** Notes kept behind the playhead, seconds (the roll shows at most this much of the past). */
    static final double KEEP_SECONDS = 12;

    private final NoteFeed feed;
    private final LongSupplier playheadSampleTime;
    private final double sampleRate;
    private final Supplier<String> stateJson;
    private final RollModel roll = new RollModel();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile String lastFrame;

    /**
     * @param stateJson the page's slow-changing state as a JSON object (status, parameter values), called on the
     *                  feed thread every {@link #STATE_NANOS}
     */
    PageFeed(NoteFeed feed, LongSupplier playheadSampleTime, double sampleRate, Supplier<String> stateJson) {
        this.feed = feed;
        this.playheadSampleTime = playheadSampleTime;
        this.sampleRate = sampleRate;
        this.stateJson = stateJson;
        thread = NesjamThread.PAGE_FEED.newThread(this::run);
        thread.setDaemon(true);
        feed.wakeOnPlayer(thread);
        thread.start();
    }

    private void run() {
        String notes = "[]";
        String state = "{}";
        long nextState = 0;
        long lastSent = 0;
        long keep = (long) (KEEP_SECONDS * sampleRate);
        long maxNote = (long) (65 * sampleRate); // the longest note the generator allows, plus its guard
        while (!closed) {
            long now = System.nanoTime();
            feed.drain(roll);
            long playhead = playheadSampleTime.getAsLong();
            roll.prune(playhead, keep, maxNote);
            boolean send = false;
            if (roll.takeChanged()) {
                notes = roll.json(sampleRate);
                send = true;
            }
            if (now - nextState >= 0) {
                state = safeState();
                nextState = now + STATE_NANOS;
                send = true;
            }
            if (send || now - lastSent >= STATE_NANOS) {
                StringBuilder b = new StringBuilder(notes.length() + state.length() + 64).append("{\"ph\":");
                RollModel.tenths(b, playhead * 1000.0 / sampleRate).append(",\"wall\":")
                        .append(System.currentTimeMillis()).append(",\"notes\":").append(notes)
                        .append(",\"state\":").append(state).append('}');
                String frame = b.toString();
                lastFrame = frame;
                lastSent = now;
                for (Client c : clients) {
                    if (c.closed) {
                        clients.remove(c);
                    } else {
                        c.offer(frame);
                    }
                }
            }
            LockSupport.parkNanos(Math.max(MIN_GAP_NANOS, now + TICK_NANOS - System.nanoTime()));
            long gap = lastSent + MIN_GAP_NANOS - System.nanoTime(); // woken by a player's note: at once, but
            if (gap > 0) {                                           // not more often than every MIN_GAP_NANOS
                LockSupport.parkNanos(gap);
            }
        }
    }

    private String safeState() {
        try {
            return stateJson.get();
        } catch (RuntimeException e) {
            return "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
        }
    }

    /**
     * Starts streaming to the page behind {@code ex} (an event stream; the exchange stays open until the page goes).
     * False, and nothing sent, when {@link #MAX_CLIENTS} pages are already connected. [control-page-thread]
     */
    boolean add(HttpExchange ex) throws IOException {
        clients.removeIf(c -> c.closed);
        if (clients.size() >= MAX_CLIENTS || closed) {
            return false;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        Client c = new Client(ex);
        clients.add(c);
        String frame = lastFrame;
        if (frame != null) {
            c.offer(frame);
        }
        c.start();
        return true;
    }

    /** Pages connected now. [any-thread] */
    int clientCount() {
        int n = 0;
        for (Client c : clients) {
            n += c.closed ? 0 : 1;
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        for (Client c : clients) {
            c.close();
        }
        clients.clear();
    }

    /** One connected page: its writer thread sends the latest frame, dropping older ones it had no time for. */
    private static final class Client {
        private final HttpExchange exchange;
        private final OutputStream out;
        private final AtomicReference<String> next = new AtomicReference<>();
        private final Thread writer;
        volatile boolean closed;

        Client(HttpExchange exchange) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
            writer = NesjamThread.PAGE_CLIENT.newThread(this::run);
            writer.setDaemon(true);
        }

        void start() {
            writer.start();
        }

        void offer(String frame) {
            next.set(frame);
            LockSupport.unpark(writer);
        }

        private void run() {
            try {
                while (!closed) {
                    String frame = next.getAndSet(null);
                    if (frame == null) {
                        LockSupport.parkNanos(STATE_NANOS);
                        continue;
                    }
                    out.write(("data: " + frame + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // the page went away: nothing to report, the feed drops it
            } finally {
                close();
            }
        }

        void close() {
            closed = true;
            LockSupport.unpark(writer);
            exchange.close();
        }
    }
}
