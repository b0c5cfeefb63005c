package org.nesjam.host;

import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.SlotRing;

/**
 * Parameter changes from control threads (command line, control surface, preset loads) to the audio thread, as
 * sample-accurate PARAM events. Producers {@link #offer} into a multi-producer {@link SlotRing} (never
 * blocks; false when full); the audio thread calls {@link #drainInto} once per block, which turns every
 * change due in the block into {@code EventBuffer.addParam(offset, target, paramId, value)}. A change stamped for
 * a later block waits in a preallocated holding area; one stamped in the past (or {@link #NOW}) lands at offset 0.
 */
public final class ParamChangeQueue {
    /** Sample time meaning "at the start of the next block". */
    public static final long NOW = -1;

    private static final class Change {
        int target;
        int paramId;
        double value;
        long sampleTime;
    }

    private final SlotRing<Change> ring;
    private final int[] heldTarget;
    private final int[] heldParam;
    private final double[] heldValue;
    private final long[] heldTime;
    private int held;
    private long dropped;
    private final SlotRing.Handler<Change> toHeld = this::hold;

    /** @param capacity ring size, a power of two; also the size of the holding area */
    public ParamChangeQueue(int capacity) {
        ring = SlotRing.multiProducer(Change::new, capacity);
        heldTarget = new int[capacity];
        heldParam = new int[capacity];
        heldValue = new double[capacity];
        heldTime = new long[capacity];
    }

    /**
     * [any-thread except audio] Queue {@code paramId = value} for chain index {@code target}
     * ({@link EventBuffer#ANY_TARGET} for all) at absolute {@code sampleTime} ({@link #NOW}: next block).
     * False when the ring is full.
     */
    public boolean offer(int target, int paramId, double value, long sampleTime) {
        long seq = ring.claim();
        if (seq < 0) {
            return false;
        }
        Change c = ring.slot(seq);
        c.target = target;
        c.paramId = paramId;
        c.value = value;
        c.sampleTime = sampleTime;
        ring.publish(seq);
        return true;
    }

    /**
     * [audio-thread] Append the changes due in {@code [blockSampleTime, blockSampleTime + frameCount)} to
     * {@code out} (unsorted; the chain sorts). No allocation, never waits.
     */
    public void drainInto(EventBuffer out, long blockSampleTime, int frameCount) {
        ring.poll(toHeld);
        long end = blockSampleTime + frameCount;
        int kept = 0;
        for (int i = 0; i < held; i++) {
            long t = heldTime[i];
            if (t < end) {
                int offset = t <= blockSampleTime ? 0 : (int) (t - blockSampleTime);
                if (!out.addParam(offset, heldTarget[i], heldParam[i], heldValue[i])) {
                    dropped++;
                }
            } else {
                heldTarget[kept] = heldTarget[i];
                heldParam[kept] = heldParam[i];
                heldValue[kept] = heldValue[i];
                heldTime[kept] = t;
                kept++;
            }
        }
        held = kept;
    }

    private boolean hold(Change c, long sequence) {
        if (held == heldTime.length) {
            return false; // holding area full: leave the rest in the ring for the next block
        }
        heldTarget[held] = c.target;
        heldParam[held] = c.paramId;
        heldValue[held] = c.value;
        heldTime[held] = c.sampleTime;
        held++;
        return true;
    }

    /** [audio-thread] Changes lost because a block's event buffer was full. */
    public long dropped() {
        return dropped;
    }
}
