package org.nesjam.nativebridge.jack;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Routes libjack's own error and info messages (printed on stderr by default, e.g. three "Cannot read socket"
 * lines when the server dies) away from the user, so a failure is reported in nesjam's one line. With
 * {@code NESJAM_DEBUG} set they are printed, prefixed with {@code libjack:}. [thread-safe; install once]
 */
public final class JackMessages {
    /** Shape of {@code void (*)(const char *msg)}. */
    public interface MessageCallback extends Callback {
        void invoke(String message);
    }

    /** The two setters of {@code jack/jack.h} that we need. */
    public interface Setters extends Library {
        void jack_set_error_function(MessageCallback callback);

        void jack_set_info_function(MessageCallback callback);
    }

    // strongly referenced for the life of the process: libjack keeps the pointer
    private static final MessageCallback CALLBACK = message -> {
        if (System.getenv("NESJAM_DEBUG") != null) {
            System.err.println("libjack: " + message);
        }
    };
    private static boolean installed;

    private JackMessages() {
    }

    /** Install the handler (idempotent). Silently does nothing when libjack cannot be loaded. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            Setters jack = Native.load("jack", Setters.class);
            jack.jack_set_error_function(CALLBACK);
            jack.jack_set_info_function(CALLBACK);
        } catch (LinkageError | RuntimeException e) {
            // no libjack: open() reports that in its own words
        }
    }
}
