package org.nesjam.nativebridge.probe;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackProcessCallback;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * A measuring JACK client: one input port that records what arrives (for example nesjam's {@code out_1}) into a
 * preallocated array, with the JACK frame time of every recorded cycle, so each recorded sample can be placed on
 * JACK's frame clock ({@link #frameTimeAt}) and compared with {@link #frameTimeNow()} taken when a MIDI message
 * was sent. Used by end-to-end tests and {@code nesjam bench latency}.
 * <p>
 * Threads: recording happens in JACK's process thread; everything else on the caller's thread. Recording stops
 * when the array is full.
 */
public final class JackCaptureClient implements AutoCloseable {
    private final JackClient client;
    private final JackPort input;
    private final float[] samples;
    private final int[] cycleStartIndex;
    private final long[] cycleFrameTime;
    private final long[] cycleWakeNanos;
    private volatile int recordedFrames;
    private volatile int recordedCycles;
    private volatile boolean recording;
    private final JackProcessCallback processCallback = this::process;

    /** Opens client {@code name} with input port {@code in}; records up to {@code capacityFrames} frames. */
    public JackCaptureClient(String name, int capacityFrames) throws JackException {
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer), status);
        input = client.registerPort("in", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        samples = new float[capacityFrames];
        int maxCycles = capacityFrames / 16 + 1;
        cycleStartIndex = new int[maxCycles];
        cycleFrameTime = new long[maxCycles];
        cycleWakeNanos = new long[maxCycles];
        client.setProcessCallback(processCallback);
        client.activate();
    }

    /** Connect {@code sourcePort} (e.g. {@code nesjam:out_1}) to this client's input. */
    public void connectFrom(String sourcePort) throws JackException {
        Jack.getInstance().connect(client, sourcePort, input.getName());
    }

    /** Begin recording at the next cycle (earlier recordings are discarded). */
    public void startRecording() {
        recordedFrames = 0;
        recordedCycles = 0;
        recording = true;
    }

    public void stopRecording() {
        recording = false;
    }

    /** JACK's estimate of the current frame time (any thread). */
    public long frameTimeNow() throws JackException {
        return client.getFrameTime();
    }

    public int sampleRate() throws JackException {
        return client.getSampleRate();
    }

    public int bufferSize() throws JackException {
        return client.getBufferSize();
    }

    /** Frames recorded so far. */
    public int recordedFrames() {
        return recordedFrames;
    }

    /** The recording (valid up to {@link #recordedFrames()}). */
    public float[] samples() {
        return samples;
    }

    /** JACK frame time of recorded sample {@code index}, or -1 when out of range. */
    public long frameTimeAt(int index) {
        int cycles = recordedCycles;
        if (index < 0 || index >= recordedFrames || cycles == 0) {
            return -1;
        }
        int lo = 0;
        int hi = cycles - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cycleStartIndex[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return cycleFrameTime[lo] + (index - cycleStartIndex[lo]);
    }

    /**
     * How late this client's process thread woke during the recording, in nanoseconds: for each recorded cycle, the
     * wall-clock time since the previous cycle's wake-up ({@link System#nanoTime()}) minus the frames JACK advanced
     * in between; the largest of these minus their median. A server that runs steadily slow or fast (a dummy driver
     * on a loaded VM) shows 0; a thread that a VM stalled for a millisecond, even without any xrun, shows about
     * 1,000,000. Timing checks use it to tell a disturbed recording. [caller's thread, after recording]
     */
    public long wakeJitterNanos() throws JackException {
        int cycles = recordedCycles;
        if (cycles < 3) {
            return 0;
        }
        double nanosPerFrame = 1e9 / client.getSampleRate();
        long[] lateNanos = new long[cycles - 1];
        for (int i = 1; i < cycles; i++) {
            lateNanos[i - 1] = cycleWakeNanos[i] - cycleWakeNanos[i - 1]
                    - Math.round((cycleFrameTime[i] - cycleFrameTime[i - 1]) * nanosPerFrame);
        }
        Arrays.sort(lateNanos);
        return lateNanos[lateNanos.length - 1] - lateNanos[lateNanos.length / 2];
    }

    private boolean process(JackClient c, int frames) {
        try {
            if (!recording) {
                return true;
            }
            int at = recordedFrames;
            int cycle = recordedCycles;
            if (at + frames > samples.length || cycle >= cycleStartIndex.length) {
                recording = false;
                return true;
            }
            cycleStartIndex[cycle] = at;
            cycleWakeNanos[cycle] = System.nanoTime();
            cycleFrameTime[cycle] = c.getLastFrameTime();
            FloatBuffer fb = input.getFloatBuffer();
            fb.rewind();
            fb.get(samples, at, frames);
            recordedCycles = cycle + 1;
            recordedFrames = at + frames;
        } catch (Throwable t) {
            recording = false;
        }
        return true;
    }

    @Override
    public void close() {
        client.close();
    }
}
