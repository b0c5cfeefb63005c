package org.nesjam.midi;

import java.io.IOException;

/** A file that is not a readable Standard MIDI File. The message is one line meant for the user. */
public final class MidiFormatException extends IOException {
    public MidiFormatException(String message) {
        super(message);
    }
}
