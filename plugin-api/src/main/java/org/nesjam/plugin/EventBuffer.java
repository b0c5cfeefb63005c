package org.nesjam.plugin;

/**
 * A fixed-capacity list of timed events, struct-of-arrays, allocated once and reused every block.
 * Each event has a {@code blockOffset} (frames from the block's first frame, {@code 0..frameCount-1}) and a kind:
 * <ul>
 *   <li>{@link #MIDI}: a MIDI 1.0 channel or system-realtime message of up to 3 bytes, packed as
 *   {@code status | data1 << 8 | data2 << 16};</li>
 *   <li>{@link #PARAM}: a parameter change {@code (paramId, value)} for {@link Params}, addressed to one plugin of a
 *   chain by its {@link #target} (index in the chain) or to every plugin ({@link #ANY_TARGET}).</li>
 * </ul>
 * A MIDI event the player played live also carries its {@link #inputSequence}: the host's number of that message,
 * the same on every copy of it a plugin gets (see {@link EarlyInput}). An event the host delivers after its time
 * (at offset 0) carries how late it is ({@link #dueOffset}).
 * Thread rule: owned by one thread at a time (the host fills it, then the audio thread reads it). Nothing here
 * allocates; when full, adds are dropped and counted.
 */
public final class EventBuffer {
    public static final int MIDI = 1;
    public static final int PARAM = 2;
    /** Target of events meant for every plugin of a chain (MIDI, and untargeted PARAM events). */
    public static final int ANY_TARGET = -1;
    /** {@link #inputSequence} of an event that is no live input message (generated, from a file, a parameter). */
    public static final long NO_SEQUENCE = -1;

    private final int[] blockOffset;
    private final byte[] kind;
    private final int[] midi;
    private final int[] paramId;
    private final double[] value;
    private final int[] target;
    private final long[] inputSequence;
    private final int[] late;
    private int size;
    private long dropped;

    public EventBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        blockOffset = new int[capacity];
        kind = new byte[capacity];
        midi = new int[capacity];
        paramId = new int[capacity];
        value = new double[capacity];
        target = new int[capacity];
        inputSequence = new long[capacity];
        late = new int[capacity];
    }

    public int capacity() {
        return blockOffset.length;
    }

    public int size() {
        return size;
    }

    /** Events that did not fit since construction. */
    public long dropped() {
        return dropped;
    }

    public void clear() {
        size = 0;
    }

    /** Appends a MIDI message; false (and counted as dropped) when full. */
    public boolean addMidi(int blockOffset, int status, int data1, int data2) {
        return add(blockOffset, MIDI, (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16, 0, 0.0,
                ANY_TARGET, NO_SEQUENCE, 0);
    }

    /** Appends a MIDI message already packed as {@code status | data1 << 8 | data2 << 16}. */
    public boolean addPackedMidi(int blockOffset, int packed) {
        return add(blockOffset, MIDI, packed, 0, 0.0, ANY_TARGET, NO_SEQUENCE, 0);
    }

    /** Appends a live input MIDI message with the host's number of it ({@link #inputSequence}). */
    public boolean addPackedMidi(int blockOffset, int packed, long inputSequence) {
        return add(blockOffset, MIDI, packed, 0, 0.0, ANY_TARGET, inputSequence, 0);
    }

    /**
     * {@link #addPackedMidi(int, int, long)} for a message due {@code lateSamples} before the block's first frame
     * (delivered at offset 0, {@link #dueOffset} says when it was due).
     */
    public boolean addLatePackedMidi(int packed, long inputSequence, int lateSamples) {
        return add(0, MIDI, packed, 0, 0.0, ANY_TARGET, inputSequence, Math.max(0, lateSamples));
    }

    /** Appends a parameter change for every plugin that has {@code paramId}; false (and counted) when full. */
    public boolean addParam(int blockOffset, int paramId, double value) {
        return add(blockOffset, PARAM, 0, paramId, value, ANY_TARGET, NO_SEQUENCE, 0);
    }

    /**
     * Appends a parameter change for the plugin at index {@code target} of the chain this buffer feeds
     * ({@link org.nesjam.host.PluginChain} delivers it to that plugin only); false (and counted) when full.
     */
    public boolean addParam(int blockOffset, int target, int paramId, double value) {
        return add(blockOffset, PARAM, 0, paramId, value, target, NO_SEQUENCE, 0);
    }

    private boolean add(int offset, int k, int m, int p, double v, int t, long seq, int lateSamples) {
        if (size == this.blockOffset.length) {
            dropped++;
            return false;
        }
        int i = size++;
        this.blockOffset[i] = offset;
        this.kind[i] = (byte) k;
        this.midi[i] = m;
        this.paramId[i] = p;
        this.value[i] = v;
        this.target[i] = t;
        this.inputSequence[i] = seq;
        this.late[i] = lateSamples;
        return true;
    }

    public int blockOffset(int index) {
        return blockOffset[index];
    }

    public int kind(int index) {
        return kind[index];
    }

    /** Packed MIDI message of event {@code index}: {@code status | data1 << 8 | data2 << 16}. */
    public int midi(int index) {
        return midi[index];
    }

    public int midiStatus(int index) {
        return midi[index] & 0xFF;
    }

    public int midiData1(int index) {
        return (midi[index] >>> 8) & 0x7F;
    }

    public int midiData2(int index) {
        return (midi[index] >>> 16) & 0x7F;
    }

    public int paramId(int index) {
        return paramId[index];
    }

    public double paramValue(int index) {
        return value[index];
    }

    /** Chain index event {@code index} is addressed to, or {@link #ANY_TARGET}. */
    public int target(int index) {
        return target[index];
    }

    /**
     * The host's number of live input MIDI event {@code index} ({@link EarlyInput}: every copy of one message has
     * the same), or {@link #NO_SEQUENCE}.
     */
    public long inputSequence(int index) {
        return inputSequence[index];
    }

    /**
     * When event {@code index} was due, in frames from the block's first frame: its {@link #blockOffset}, or less than
     * 0 for an event delivered after its time.
     */
    public int dueOffset(int index) {
        return blockOffset[index] - late[index];
    }

    /** Copies event {@code index} of {@code from} to the end of this buffer with a new offset (how late it was too). */
    public boolean copyFrom(EventBuffer from, int index, int newBlockOffset) {
        return add(newBlockOffset, from.kind[index], from.midi[index], from.paramId[index], from.value[index],
                from.target[index], from.inputSequence[index], from.late[index]);
    }

    /** Stable sort by block offset (insertion sort: blocks hold few events, usually already in order). */
    public void sortByOffset() {
        for (int i = 1; i < size; i++) {
            int o = blockOffset[i];
            if (o >= blockOffset[i - 1]) {
                continue;
            }
            byte k = kind[i];
            int m = midi[i];
            int p = paramId[i];
            double v = value[i];
            int t = target[i];
            long seq = inputSequence[i];
            int l = late[i];
            int j = i - 1;
            while (j >= 0 && blockOffset[j] > o) {
                blockOffset[j + 1] = blockOffset[j];
                kind[j + 1] = kind[j];
                midi[j + 1] = midi[j];
                paramId[j + 1] = paramId[j];
                value[j + 1] = value[j];
                target[j + 1] = target[j];
                inputSequence[j + 1] = inputSequence[j];
                late[j + 1] = late[j];
                j--;
            }
            blockOffset[j + 1] = o;
            kind[j + 1] = k;
            midi[j + 1] = m;
            paramId[j + 1] = p;
            value[j + 1] = v;
            target[j + 1] = t;
            inputSequence[j + 1] = seq;
            late[j + 1] = l;
        }
    }
}
