package org.nesjam.gen.jam;

/** A preallocated ring slot from the generator plugin's audio thread (or the MIDI input) to its worker. Reused. */
final class JamMessage {
    /** Player MIDI (to the worker). */
    static final int MIDI = 1;
    /** Parameter change (to the worker). */
    static final int PARAM = 2;
    /** A model event the plugin emitted, at its (grid-placed) time (to the worker, for the recording). */
    static final int HEARD = 3;

    int kind;
    /** Absolute engine sample time. */
    long sampleTime;
    int packedMidi;
    int paramId;
    double value;
    /** {@link System#nanoTime()} when the audio thread forwarded a player event (reaction measurement). */
    long arrivalNanos;
    /** The host's number of a live player message ({@code EventBuffer.inputSequence}), the same on both copies. */
    long inputSequence;
}
