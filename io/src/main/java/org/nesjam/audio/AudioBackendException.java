package org.nesjam.audio;

/** An audio backend could not be opened or started. The message is one line a user can act on. */
public final class AudioBackendException extends Exception {
    public AudioBackendException(String message) {
        super(message);
    }

    public AudioBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
