package org.nesjam.gen.jam;

/**
 * The generator plugin's preallocated, time-ordered buffer of future MIDI events: a binary min-heap on
 * {@code (sampleTime, arrival order)}, struct-of-arrays, fixed capacity. Equal sample times come out in the order
 * they were added (a note-off then a note-on on the same frame keep their order). Each event carries the epoch of
 * the timeline that produced it, so a rollback can drop the stale ones.
 * <p>
 * (The engine has the same structure for its schedule ring, package-private in {@code org.nesjam.engine}; this one
 * carries MIDI only and lives in the plugin so the plugin also works offline, without an engine.)
 * <p>
 * [audio-thread] only; nothing here allocates.
 */
final class ScheduledEvents {
    private final long[] sampleTime;
    private final long[] order;
    private final int[] midi;
    private final int[] epoch;
    private int size;
    private long nextOrder;

    ScheduledEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        sampleTime = new long[capacity];
        order = new long[capacity];
        midi = new int[capacity];
        epoch = new int[capacity];
    }

    int size() {
        return size;
    }

    /** Sample time of the earliest event; only valid when {@link #size()} &gt; 0. */
    long peekSampleTime() {
        return sampleTime[0];
    }

    /** Packed MIDI of the earliest event; only valid when {@link #size()} &gt; 0. */
    int peekMidi() {
        return midi[0];
    }

    /** Adds an event; false when full. */
    boolean add(long t, int packedMidi, int ep) {
        if (size == sampleTime.length) {
            return false;
        }
        int i = size++;
        set(i, t, nextOrder++, packedMidi, ep);
        siftUp(i);
        return true;
    }

    /** Removes the earliest event. */
    void removeTop() {
        size--;
        if (size > 0) {
            set(0, sampleTime[size], order[size], midi[size], epoch[size]);
            siftDown(0);
        }
    }

    /** Drops every event with epoch below {@code minEpoch} at or after {@code fromSampleTime}; returns how many. */
    int dropEpochsBefore(int minEpoch, long fromSampleTime) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (epoch[i] < minEpoch && sampleTime[i] >= fromSampleTime) {
                continue;
            }
            if (kept != i) {
                set(kept, sampleTime[i], order[i], midi[i], epoch[i]);
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

    void clear() {
        size = 0;
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

    private void set(int i, long t, long ord, int m, int ep) {
        sampleTime[i] = t;
        order[i] = ord;
        midi[i] = m;
        epoch[i] = ep;
    }

    private void swap(int a, int b) {
        long t = sampleTime[a];
        long o = order[a];
        int m = midi[a];
        int e = epoch[a];
        set(a, sampleTime[b], order[b], midi[b], epoch[b]);
        set(b, t, o, m, e);
    }
}
