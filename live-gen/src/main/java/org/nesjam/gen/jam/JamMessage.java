package org.nesjam.gen.jam;

/** A preallocated ring slot between the generator plugin's audio thread and its worker. Mutable; reused. */
final class JamMessage {
    /** Player MIDI (to the worker). */
    static final int MIDI = 1;
    /** Parameter change (to the worker). */
    static final int PARAM = 2;
    /** A scheduled model event (to the audio thread). */
    static final int EVENT = 3;
    /** Epoch change: drop older epochs' events at or after {@link #sampleTime} (to the audio thread). */
    static final int EPOCH = 4;
    /** A model event the plugin emitted, at its (grid-placed) time (to the worker, for the recording). */
    static final int HEARD = 5;

    int kind;
    /** Absolute engine sample time. */
    long sampleTime;
    int packedMidi;
    int paramId;
    double value;
    int epoch;
    /** {@link System#nanoTime()} when the audio thread forwarded a player event (reaction measurement). */
    long arrivalNanos;
}
