package org.nesjam.app;

/** A problem the user can fix (bad file, bad flag). Printed as one line {@code nesjam: message}; exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message, null, false, false);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
