package org.nesjam.host.rt;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.host.EventSource;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.threads.NesjamThread;

/**
 * Plays an {@link EventSource} (a MIDI file, a render script) live through an {@link Engine}: a feeder thread keeps
 * the source's events scheduled {@code lookaheadFrames} ahead of the playhead, with absolute sample times, so they
 * start on their exact samples whatever the audio period. The song starts {@code lookaheadFrames} after
 * {@link #start()}. A full schedule ring makes the feeder wait (it never drops). [feeder thread; start/stop on the
 * main thread]
 */
public final class EventSourceFeeder implements AutoCloseable {
    private static final int CHUNK_FRAMES = 1024;

    private final Engine engine;
    private final EventSource source;
    private final long lookaheadFrames;
    private final CountDownLatch fed = new CountDownLatch(1);
    private volatile boolean running;
    private volatile long startSampleTime = -1;
    private Thread thread;

    public EventSourceFeeder(Engine engine, EventSource source, long lookaheadFrames) {
        if (source.lengthFrames() < 0) {
            throw new IllegalArgumentException("the source must have a length");
        }
        this.engine = engine;
        this.source = source;
        this.lookaheadFrames = Math.max(CHUNK_FRAMES, lookaheadFrames);
    }

    /** [main-thread] Start feeding; the engine must be running. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = NesjamThread.FEEDER.newThread(this::feed);
        thread.setDaemon(true);
        thread.start();
    }

    /** Engine sample time of the source's frame 0 (-1 before the feeder started). */
    public long startSampleTime() {
        return startSampleTime;
    }

    /** Engine sample time at which the source ends (-1 before the feeder started). */
    public long endSampleTime() {
        long s = startSampleTime;
        return s < 0 ? -1 : s + source.lengthFrames();
    }

    /**
     * [main-thread] Wait until the whole source has been heard (playhead past its end), the engine stopped, or the
     * timeout passed; true when the source finished.
     */
    public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() - deadline < 0) {
            long end = endSampleTime();
            if (fed.getCount() == 0 && end >= 0 && engine.playheadSampleTime() >= end) {
                return true;
            }
            if (engine.state() != Engine.State.RUNNING || engine.backendStopReason() != null) {
                return false;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private void feed() {
        EventBuffer buffer = new EventBuffer(16_384);
        long length = source.lengthFrames();
        long start = engine.nowSampleTime() + lookaheadFrames;
        startSampleTime = start;
        long done = 0;
        try {
            while (running && done < length) {
                long target = Math.min(length, engine.playheadSampleTime() - start + lookaheadFrames);
                if (done >= target) {
                    LockSupport.parkNanos(2_000_000L);
                    continue;
                }
                int n = (int) Math.min(CHUNK_FRAMES, target - done);
                buffer.clear();
                source.fill(done, n, buffer);
                for (int i = 0; i < buffer.size() && running; i++) {
                    long t = start + done + buffer.blockOffset(i);
                    while (running && !(buffer.kind(i) == EventBuffer.PARAM
                            ? engine.scheduleParam(buffer.paramId(i), buffer.paramValue(i), t)
                            : engine.schedule(buffer.midi(i), t))) {
                        LockSupport.parkNanos(1_000_000L); // ring full: let the audio thread drain it
                    }
                }
                done += n;
            }
        } finally {
            fed.countDown();
        }
    }

    /** [main-thread] Stop feeding (events already scheduled still play). */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
