package org.nesjam.nativebridge.midi;

/**
 * An open MIDI sink for nesjam's own events (the model's voices to a DAW, echoes of played notes).
 * {@link #trySend} never blocks and never allocates, so any thread may call it, the audio thread included: messages
 * go through a bounded lock-free queue to a sender thread that talks to the device.
 */
public interface MidiOutput extends AutoCloseable {

    /** One line for the user, e.g. "RtMidi jack output connected to 'synth:midi_in'". */
    String description();

    /**
     * [any-thread, real-time safe] Queue a short message packed {@code status | data1 << 8 | data2 << 16}. False (and
     * counted in {@link #dropped()}) when the queue is full, the message is not a short message, or the output is
     * closed.
     */
    boolean trySend(int packedMessage);

    /**
     * [any-thread, real-time safe] {@link #trySend} for a message due at the engine's {@code sampleTime}: an output
     * that knows the engine's timeline (a JACK MIDI port) sends it at that frame plus {@link #latencyFrames()};
     * others send it now.
     */
    default boolean trySendAt(int packedMessage, long sampleTime) {
        return trySend(packedMessage);
    }

    /**
     * How many frames after its engine time a message given to {@link #trySendAt} leaves, when that is constant
     * (0 otherwise: it leaves when the device gets to it).
     */
    default int latencyFrames() {
        return 0;
    }

    /**
     * [any-thread, real-time safe] Takes back the note-ons given to {@link #trySendAt} for engine time
     * {@code sampleTime} or later that have not left yet (the host's transport stopped or started over before they
     * were due; their note-offs still go). Outputs that send at once have nothing to take back.
     */
    default void retractNoteOnsFrom(long sampleTime) {
    }

    /** Messages handed to the device so far. */
    long sent();

    /** Messages refused by {@link #trySend} or failed in the device. */
    long dropped();

    /** Whether this is a JACK MIDI port, which goes away with the JACK server. */
    default boolean onJack() {
        return false;
    }

    /** What this output counted, for the end-of-run line ("612 sent, 0 dropped"). */
    default String counts() {
        return sent() + " sent, " + dropped() + " dropped";
    }

    /** Sends what is queued (up to a short timeout), stops the sender and releases the device. Idempotent. */
    @Override
    void close();
}
