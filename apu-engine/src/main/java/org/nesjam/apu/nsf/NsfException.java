package org.nesjam.apu.nsf;

/** A song that cannot become an NSF (too many writes in a frame, too much data); the message is one line. */
public final class NsfException extends Exception {
    public NsfException(String message) {
        super(message, null, false, false);
    }
}
