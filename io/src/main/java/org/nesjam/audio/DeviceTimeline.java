package org.nesjam.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where a device's frame clock stands against the {@link AudioCallback}'s sample time: a backend whose device
 * counts frames (JACK's {@code jack_nframes_t}, 32 bits, wrapping) publishes, each cycle, the device frame at which
 * it asks the callback to render from the callback's sample time {@link AudioCallback#nextSampleTime()}. Other
 * clients of the same device (JACK MIDI ports) then stamp events with the callback's sample time from their own
 * frame times, exactly, and turn sample times back into frames.
 * <p>
 * Threads: {@link #publish} [audio-thread], never blocks or allocates; readers [any-thread] use a sequence lock
 * (odd version while the writer writes two longs) and spin only during such a write. One timeline can outlive its
 * backend (a backend that replaces one whose server went away publishes into the same timeline).
 */
public final class DeviceTimeline {
    /** What {@link #sampleTimeOfFrame} returns while the mapping is not known. */
    public static final long UNKNOWN = Long.MIN_VALUE;
    private static final long FRAME_MASK = 0xFFFF_FFFFL;
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(DeviceTimeline.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VERSION
    private long version;
    /** Device frame (32 bits) and the callback's sample time of the same frame; anchorSampleTime UNKNOWN: none. */
    private long anchorFrame;
    private long anchorSampleTime = UNKNOWN;

    /**
     * [audio-thread] Device frame {@code frame} (taken modulo 2^32) is the callback's sample time {@code sampleTime};
     * a negative sample time means the callback keeps none (the mapping becomes unknown). Cheap when nothing changed.
     */
    public void publish(long frame, long sampleTime) {
        long f = frame & FRAME_MASK;
        long s = sampleTime < 0 ? UNKNOWN : sampleTime;
        if (s != UNKNOWN && anchorSampleTime != UNKNOWN && ((anchorFrame + (s - anchorSampleTime)) & FRAME_MASK) == f
                && s - anchorSampleTime < (1L << 30)) {
            return; // the same line (re-anchored every 2^30 frames, so a reader's 32-bit difference never wraps)
        }
        if (s == UNKNOWN && anchorSampleTime == UNKNOWN) {
            return;
        }
        long v = (long) VERSION.getOpaque(this);
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence();
        anchorFrame = f;
        anchorSampleTime = s;
        VERSION.setRelease(this, v + 2);
    }

    /** [audio-thread or owner] The mapping is no longer known (the backend stopped). */
    public void invalidate() {
        publish(0, -1);
    }

    /**
     * [any-thread] The callback's sample time of device frame {@code frame} (modulo 2^32, within 2^31 frames of the
     * last published cycle), or {@link #UNKNOWN}.
     */
    public long sampleTimeOfFrame(long frame) {
        return read(frame, true);
    }

    /**
     * [any-thread] The device frame (32 bits) of the callback's sample time {@code sampleTime}, or -1 while the
     * mapping is not known.
     */
    public long frameOfSampleTime(long sampleTime) {
        return read(sampleTime, false);
    }

    private long read(long time, boolean frameToSampleTime) {
        long af;
        long as;
        while (true) {
            long v1 = (long) VERSION.getAcquire(this);
            if ((v1 & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            af = anchorFrame;
            as = anchorSampleTime;
            VarHandle.loadLoadFence();
            if ((long) VERSION.getOpaque(this) == v1) {
                break;
            }
        }
        if (as == UNKNOWN) {
            return frameToSampleTime ? UNKNOWN : -1;
        }
        return frameToSampleTime ? as + (int) ((time & FRAME_MASK) - af) : (af + (time - as)) & FRAME_MASK;
    }
}
