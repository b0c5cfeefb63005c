package org.nesjam.nativebridge.rtmidi;

/**
 * Any failure of RtMidi or of its binding: library missing, a create/open/send that RtMidi reported as failed
 * (its {@code ok} flag went false), a port name that matches nothing. The message is one line meant for the user;
 * RtMidi itself may also have printed its own reason on stderr (its error text cannot be read safely through the
 * C API: the {@code msg} pointer dangles).
 */
public final class RtMidiException extends Exception {
    public RtMidiException(String message) {
        super(message);
    }

    public RtMidiException(String message, Throwable cause) {
        super(message, cause);
    }
}
