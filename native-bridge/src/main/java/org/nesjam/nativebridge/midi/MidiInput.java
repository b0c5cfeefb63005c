package org.nesjam.nativebridge.midi;

import org.nesjam.midi.live.MidiInputPipeline;

/**
 * An open MIDI source feeding a {@link MidiInputPipeline} (parser -> clock / engine). Created by {@link MidiPorts};
 * closing it stops delivery and frees the device. [main-thread] for open/close; delivery happens on the device's
 * own thread.
 */
public interface MidiInput extends AutoCloseable {

    /** One line for the user, e.g. "RtMidi jack virtual input 'nesjam:in'". */
    String description();

    /** The pipeline this input feeds (its parser has the byte counters). */
    MidiInputPipeline pipeline();

    /** Exceptions caught on the delivery thread (never propagated into native code). */
    long deliveryErrors();

    /**
     * How many frames after an event came the engine time this input stamps on it lies, when it stamps one (0: it
     * does not; the engine places events by their arrival).
     */
    default int latencyFrames() {
        return 0;
    }

    /** Whether this is a JACK MIDI port, which goes away with the JACK server. */
    default boolean onJack() {
        return false;
    }

    /** What this input counted, for the end-of-run line ("2 repeated cycles left out, 0 dropped"); "" for none. */
    default String counts() {
        return deliveryErrors() == 0 ? "" : deliveryErrors() + " delivery errors";
    }

    /**
     * Stops delivery, releases the device and sends note-offs downstream for the notes this input left sounding
     * ({@link MidiInputPipeline#releaseHeldNotes}). Idempotent; never throws.
     */
    @Override
    void close();
}
