package org.nesjam.plugin;

/**
 * The audio thread's preallocated, time-ordered buffer of future events: a binary min-heap on
 * {@code (sampleTime, arrival order)}, struct-of-arrays, fixed capacity. Events with equal sample times come out
 * in the order they were added (a note-off and a note-on on the same frame keep their order).
 * <p>
 * Each event carries the epoch of the timeline that produced it, so a rollback can drop the stale ones
 * ({@link #dropEpochsBefore}). The host's engine keeps its future events here; a generator plugin gets one with
 * its {@link EventSchedule}, which fills it from the plugin's worker and applies the rollbacks.
 * <p>
 * [audio-thread] only; nothing here allocates. Adding to a full buffer fails and the caller counts the drop.
 */
public final class PendingEvents {
    private final long[] sampleTime;
    private final long[] order;
    private final int[] kind;
    private final int[] midi;
    private final int[] paramId;
    private final double[] value;
    private final int[] epoch;
    private final long[] inputSequence;
    private int size;
    private long nextOrder;

    public PendingEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        sampleTime = new long[capacity];
        order = new long[capacity];
        kind = new int[capacity];
        midi = new int[capacity];
        paramId = new int[capacity];
        value = new double[capacity];
        epoch = new int[capacity];
        inputSequence = new long[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return sampleTime.length;
    }

    /** Sample time of the earliest event; only valid when {@link #size()} &gt; 0. */
    public long peekSampleTime() {
        return sampleTime[0];
    }

    /** Packed MIDI of the earliest event; only valid when {@link #size()} &gt; 0 and it is a MIDI event. */
    public int peekMidi() {
        return midi[0];
    }

    /** Epoch of the earliest event; only valid when {@link #size()} &gt; 0. */
    public int peekEpoch() {
        return epoch[0];
    }

    /** Adds a MIDI event; false when full. */
    public boolean addMidi(long t, int packedMidi, int ep) {
        return add(t, EventBuffer.MIDI, packedMidi, 0, 0.0, ep);
    }

    /** Adds an event of kind {@link EventBuffer#MIDI} or {@link EventBuffer#PARAM}; false when full. */
    public boolean add(long t, int k, int packedMidi, int param, double v, int ep) {
        return add(t, k, packedMidi, param, v, ep, EventBuffer.NO_SEQUENCE);
    }

    /** {@link #add(long, int, int, int, double, int)} of a live input message numbered {@code seq} by the host. */
    public boolean add(long t, int k, int packedMidi, int param, double v, int ep, long seq) {
        if (size == sampleTime.length) {
            return false;
        }
        int i = size++;
        set(i, t, nextOrder++, k, packedMidi, param, v, ep, seq);
        siftUp(i);
        return true;
    }

    /**
     * Removes the earliest event and appends it to {@code out} at {@code max(0, sampleTime - blockStart)} (a late MIDI
     * event with how late it is, {@link EventBuffer#dueOffset}).
     * Returns false when {@code out} was full (the event is dropped and counted by {@code out}).
     */
    public boolean pollInto(EventBuffer out, long blockStart) {
        long t = sampleTime[0];
        int offset = t <= blockStart ? 0 : (int) (t - blockStart);
        boolean ok = kind[0] == EventBuffer.PARAM ? out.addParam(offset, paramId[0], value[0])
                : t < blockStart ? out.addLatePackedMidi(midi[0], inputSequence[0],
                        (int) Math.min(Integer.MAX_VALUE, blockStart - t))
                : out.addPackedMidi(offset, midi[0], inputSequence[0]);
        removeTop();
        return ok;
    }

    /**
     * Drops every event whose epoch is below {@code minEpoch} and whose sample time is at or after
     * {@code fromSampleTime}; returns how many. O(size).
     */
    public int dropEpochsBefore(int minEpoch, long fromSampleTime) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (epoch[i] < minEpoch && sampleTime[i] >= fromSampleTime) {
                continue;
            }
            if (kept != i) {
                move(i, kept);
            }
            kept++;
        }
        int dropped = size - kept;
        size = kept;
        if (dropped > 0) {
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }
        return dropped;
    }

    public void clear() {
        size = 0;
    }

    /** Removes the earliest event; only when {@link #size()} &gt; 0. */
    public void removeTop() {
        size--;
        if (size > 0) {
            move(size, 0);
            siftDown(0);
        }
    }

    private boolean less(int a, int b) {
        return sampleTime[a] < sampleTime[b] || (sampleTime[a] == sampleTime[b] && order[a] < order[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int smallest = l + 1 < size && less(l + 1, l) ? l + 1 : l;
            if (!less(smallest, i)) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void set(int i, long t, long ord, int k, int m, int p, double v, int ep, long seq) {
        sampleTime[i] = t;
        order[i] = ord;
        kind[i] = k;
        midi[i] = m;
        paramId[i] = p;
        value[i] = v;
        epoch[i] = ep;
        inputSequence[i] = seq;
    }

    private void move(int from, int to) {
        set(to, sampleTime[from], order[from], kind[from], midi[from], paramId[from], value[from], epoch[from],
                inputSequence[from]);
    }

    private void swap(int a, int b) {
        long t = sampleTime[a];
        long o = order[a];
        int k = kind[a];
        int m = midi[a];
        int p = paramId[a];
        double v = value[a];
        int e = epoch[a];
        long seq = inputSequence[a];
        move(b, a);
        set(b, t, o, k, m, p, v, e, seq);
    }
}
