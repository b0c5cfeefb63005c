package org.nesjam.nativebridge.midi;

/** A MIDI port could not be opened or used. The message is one line meant for the user. */
public final class MidiDeviceException extends Exception {
    public MidiDeviceException(String message) {
        super(message);
    }

    public MidiDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
