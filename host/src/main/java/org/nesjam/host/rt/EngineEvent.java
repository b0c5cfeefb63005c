package org.nesjam.host.rt;

/**
 * One preallocated slot of the engine's Disruptor rings. Producers fill it between {@code tryNext} and
 * {@code publish}; the audio thread copies it out in its poll handler. Never handed to plugins.
 */
final class EngineEvent {
    /** MIDI message, {@link #packedMidi}; same code as {@link org.nesjam.plugin.EventBuffer#MIDI}. */
    static final int MIDI = org.nesjam.plugin.EventBuffer.MIDI;
    /** Parameter change ({@link #paramId}, {@link #value}); same code as {@link org.nesjam.plugin.EventBuffer#PARAM}. */
    static final int PARAM = org.nesjam.plugin.EventBuffer.PARAM;
    /** Control: transport tempo {@link #value} BPM, clock-locked when {@link #paramId} is 1. */
    static final int TEMPO = 10;
    /** Control: all notes off (CC 123 and CC 120 on all 16 channels at the next block's first frame). */
    static final int PANIC = 12;

    /** {@link #sampleTime} of input and control events: placed by the audio thread (input: by {@link #arrivalNanos}). */
    static final long NOW = Long.MIN_VALUE;

    int kind;
    /** Absolute sample frame at which a scheduled event takes effect, or {@link #NOW}. */
    long sampleTime;
    /** {@link System#nanoTime()} at arrival, used when {@link #sampleTime} is {@link #NOW}. */
    long arrivalNanos;
    int packedMidi;
    int paramId;
    double value;
}
