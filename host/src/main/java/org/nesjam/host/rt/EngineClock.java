package org.nesjam.host.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The engine's clock as other threads see it: the sample time and {@link System#nanoTime()} at which the current
 * audio cycle started, and the playhead (first frame not yet rendered). Written by the audio thread once per
 * cycle, read by any thread without locks.
 * <p>
 * The (nanos, sampleTime) pair is published with a sequence lock: the writer makes the version odd, writes, makes
 * it even again (release); a reader retries until it saw the same even version before and after reading. The
 * writer never waits; a reader spins only while a write of three longs is in progress.
 */
final class EngineClock {
    private static final VarHandle VERSION;
    private static final VarHandle PLAYHEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VERSION = l.findVarHandle(EngineClock.class, "version", long.class);
            PLAYHEAD = l.findVarHandle(EngineClock.class, "playheadSampleTime", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VERSION
    private long version;
    private long cycleNanos;
    private long cycleSampleTime;
    private int cycleFrames;
    @SuppressWarnings("unused") // accessed through PLAYHEAD
    private long playheadSampleTime;
    private volatile int sampleRate = 48_000;

    void setSampleRate(int hz) {
        sampleRate = hz;
    }

    int sampleRate() {
        return sampleRate;
    }

    /** [audio-thread] A cycle of {@code frames} frames starting at {@code sampleTime} began at {@code nanos}. */
    void publishCycle(long nanos, long sampleTime, int frames) {
        long v = (long) VERSION.getOpaque(this);
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence();
        cycleNanos = nanos;
        cycleSampleTime = sampleTime;
        cycleFrames = frames;
        VERSION.setRelease(this, v + 2);
    }

    /** [audio-thread] Frames before {@code sampleTime} are rendered. */
    void publishPlayhead(long sampleTime) {
        PLAYHEAD.setRelease(this, sampleTime);
    }

    /** [any-thread] First sample frame not yet rendered (the start of the next cycle). */
    long playhead() {
        return (long) PLAYHEAD.getAcquire(this);
    }

    /**
     * [any-thread] The sample time at which an event arriving now sounds with jitter-free scheduling: the current
     * cycle's start plus one period plus the time elapsed since the cycle started. Before the first cycle: 0.
     */
    long nowSampleTime(long nowNanos) {
        long nanos;
        long start;
        int frames;
        while (true) {
            long v1 = (long) VERSION.getAcquire(this);
            if ((v1 & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            nanos = cycleNanos;
            start = cycleSampleTime;
            frames = cycleFrames;
            VarHandle.loadLoadFence();
            if ((long) VERSION.getOpaque(this) == v1) {
                break;
            }
        }
        if (frames == 0) {
            return 0;
        }
        long elapsedFrames = Math.max(0, (nowNanos - nanos) * sampleRate / 1_000_000_000L);
        return start + frames + elapsedFrames;
    }
}
