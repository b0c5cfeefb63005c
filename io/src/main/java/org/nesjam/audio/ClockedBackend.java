package org.nesjam.audio;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.threads.NesjamThread;

/**
 * Base of the backends whose audio thread is a Java thread of ours ({@code wav}, {@code stdout},
 * {@code javasound}): the thread renders one period through the callback, hands it to {@link #writePeriod}, and,
 * when {@code paced}, sleeps until the period's wall-clock deadline, so the output advances in real time and live
 * MIDI lands where it was played. A backend whose write blocks at the device's rate (javax.sound) is not paced.
 * <p>
 * Xruns: a paced thread that finds itself more than one period behind its deadline counts one xrun and
 * re-anchors its clock (it does not try to catch up by rendering faster).
 * <p>
 * Threads: lifecycle methods on the [main-thread]; {@link #writePeriod} on the backend's audio thread, right after
 * the engine's {@code process} returned. The write is the device I/O of this backend (like a blocking write to a
 * sound card); the engine's own processing stays I/O-free.
 */
public abstract class ClockedBackend implements AudioBackend {
    private final String name;
    private final boolean paced;
    protected final AudioConfig requested;
    private final AtomicLong xruns = new AtomicLong();
    private volatile AudioConfig config;
    private volatile boolean running;
    private Thread thread;
    private boolean opened;
    private boolean closed;
    /** Planar output of one period, {@code out[channel][frame]}; allocated in {@link #open}. */
    protected AudioBufferView out;

    /** A period's worth of planar audio, shared between the engine callback and {@link #writePeriod}. */
    public static final class AudioBufferView {
        public final org.nesjam.plugin.AudioBuffer buffer;
        public final float[][] channels;

        AudioBufferView(int channelCount, int frames) {
            buffer = new org.nesjam.plugin.AudioBuffer(channelCount, frames);
            channels = new float[channelCount][];
            for (int c = 0; c < channelCount; c++) {
                channels[c] = buffer.channel(c);
            }
        }
    }

    protected ClockedBackend(String name, AudioConfig requested, boolean paced) {
        this.name = name;
        this.requested = requested;
        this.paced = paced;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final AudioConfig config() {
        return config;
    }

    @Override
    public final synchronized AudioConfig open() throws AudioBackendException {
        if (opened) {
            return config;
        }
        AudioConfig c = openOutput();
        out = new AudioBufferView(c.channelCount(), c.periodFrames());
        config = c;
        opened = true;
        return c;
    }

    /** [main-thread] Open the file/stream/line; return the configuration in force. */
    protected abstract AudioConfig openOutput() throws AudioBackendException;

    /** [backend audio thread] Deliver frames {@code 0..frames-1} of {@link #out}. */
    protected abstract void writePeriod(int frames) throws IOException;

    /** [main-thread] Flush and close the output (called once, after the thread stopped). */
    protected abstract void closeOutput();

    /** A one-line reason for a write failure, shown to the user. */
    protected String describeFailure(IOException e) {
        return name + " output failed: " + e.getMessage();
    }

    @Override
    public final synchronized void start(AudioCallback callback) throws AudioBackendException {
        if (!opened || closed) {
            throw new IllegalStateException(name + ": start before open or after close");
        }
        if (thread != null) {
            return;
        }
        running = true;
        thread = NesjamThread.AUDIO.newThread(name, () -> loop(callback));
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    private void loop(AudioCallback callback) {
        AudioConfig c = config;
        int frames = c.periodFrames();
        long periodNanos = frames * 1_000_000_000L / c.sampleRate();
        long deadline = System.nanoTime();
        while (running) {
            callback.process(out.channels, frames);
            try {
                writePeriod(frames);
            } catch (IOException e) {
                running = false;
                callback.backendStopped(describeFailure(e));
                return;
            }
            if (paced) {
                deadline += periodNanos;
                long now = System.nanoTime();
                if (now - deadline > periodNanos) {
                    xruns.incrementAndGet();
                    deadline = now;
                }
                while (running && (now = System.nanoTime()) < deadline) {
                    LockSupport.parkNanos(deadline - now);
                }
            }
        }
    }

    @Override
    public final void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public final void close() {
        stop();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (opened) {
                closeOutput();
            }
        }
    }

    @Override
    public final long xrunCount() {
        return xruns.get();
    }
}
