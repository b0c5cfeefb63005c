package org.nesjam.gen.jam;

/**
 * Kinds of the {@link org.nesjam.plugin.TimedEvent}s that go to the generator's worker ({@link JamLink#toWorker},
 * {@link JamLink#early}): {@code sampleTime} is the absolute engine sample time, {@code arrivalNanos} when the player
 * event was forwarded (reaction measurement), {@code inputSequence} the host's number of a live player message.
 */
final class JamMessage {
    /** Player MIDI ({@code packedMidi}). */
    static final int MIDI = 1;
    /** Parameter change ({@code paramId}, {@code value}). */
    static final int PARAM = 2;
    /** A model event the plugin emitted, at its (grid-placed) time (for the recording). */
    static final int HEARD = 3;

    private JamMessage() {
    }
}
