package org.nesjam.host.rt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.audio.WavWriter;
import org.nesjam.plugin.AudioBuffer;
import org.nesjam.threads.NesjamThread;

/**
 * Records the engine's output to a WAV file without I/O on the audio thread: the audio thread copies each cycle
 * into a preallocated single-producer/single-consumer float ring ({@link #offer}); a writer thread drains it to a
 * {@link WavWriter}, patching the header about once a second so the file is playable even after a crash.
 * {@link #close()} drains what is left and finalizes the file; it is idempotent and called by
 * {@link Engine#stop()} (and so by the shutdown hook and when the audio server dies).
 * <p>
 * If the writer falls behind by more than the ring (about 2.7 s at 48 kHz), frames are dropped and counted.
 */
public final class Recorder implements AutoCloseable {
    private static final int RING_FRAMES = 1 << 17;
    private static final int CHUNK_FRAMES = 1024;

    private final Path path;
    private final int channelCount;
    private final float[] ring;
    private final int mask;
    private final AtomicLong writeFrame = new AtomicLong();
    private final AtomicLong readFrame = new AtomicLong();
    private final AtomicLong overflowFrames;
    private final WavWriter writer;
    private final AudioBuffer chunk;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile IOException failure;
    private boolean closed;

    /**
     * [main-thread] Opens {@code path} for writing and starts the writer thread.
     *
     * @param overflowCounter counts frames dropped when the writer falls behind (may be a fresh AtomicLong)
     */
    public Recorder(Path path, int sampleRate, int channelCount, AtomicLong overflowCounter) throws IOException {
        this.path = path;
        this.channelCount = channelCount;
        this.ring = new float[RING_FRAMES * channelCount];
        this.mask = RING_FRAMES - 1;
        this.overflowFrames = overflowCounter;
        this.writer = new WavWriter(path, sampleRate, channelCount, CHUNK_FRAMES);
        this.chunk = new AudioBuffer(channelCount, CHUNK_FRAMES);
        this.thread = NesjamThread.RECORDER.newThread(this::drainLoop);
        thread.setDaemon(true);
        thread.start();
    }

    /** The file being written. */
    public Path path() {
        return path;
    }

    /** Frames written to the file so far. */
    public long framesWritten() {
        return writer.framesWritten();
    }

    /**
     * [audio-thread] Copy frames {@code 0..frames-1} of {@code out} (planar, at least {@code channelCount}
     * channels; fewer are repeated) into the ring. Never blocks; drops and counts what does not fit.
     */
    public void offer(float[][] out, int frames) {
        long w = writeFrame.get();
        long free = RING_FRAMES - (w - readFrame.get());
        int n = (int) Math.min(frames, free);
        if (n < frames) {
            EngineCounters.add(overflowFrames, frames - n);
        }
        int sources = out.length;
        for (int f = 0; f < n; f++) {
            int base = (int) ((w + f) & mask) * channelCount;
            for (int c = 0; c < channelCount; c++) {
                ring[base + c] = out[c < sources ? c : sources - 1][f];
            }
        }
        writeFrame.lazySet(w + n);
    }

    private void drainLoop() {
        long sinceHeader = 0;
        try {
            while (true) {
                boolean stopping = !running;
                long r = readFrame.get();
                long available = writeFrame.get() - r;
                if (available == 0) {
                    if (stopping) {
                        return;
                    }
                    LockSupport.parkNanos(5_000_000L);
                    continue;
                }
                int n = (int) Math.min(available, CHUNK_FRAMES);
                for (int f = 0; f < n; f++) {
                    int base = (int) ((r + f) & mask) * channelCount;
                    for (int c = 0; c < channelCount; c++) {
                        chunk.channel(c)[f] = ring[base + c];
                    }
                }
                readFrame.lazySet(r + n);
                writer.write(chunk, n);
                sinceHeader += n;
                if (sinceHeader >= 48_000) {
                    sinceHeader = 0;
                    writer.flushHeader();
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * [main-thread] Stop accepting audio, write what is buffered and finalize the file.
     *
     * @throws IOException when writing failed at any point (the file holds what was written before)
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        if (failure != null) {
            throw failure;
        }
    }
}
