package org.nesjam.dataset;

import java.io.IOException;

/** A MIDI file that parses but cannot be arranged for the NES voices (no notes, ...). One-line message. */
public final class ArrangeException extends IOException {
    public ArrangeException(String message) {
        super(message);
    }
}
