package org.nesjam.audio;

import java.util.List;

/**
 * Service-provider entry point for audio backends, found with {@link java.util.ServiceLoader} (list
 * implementations in {@code META-INF/services/org.nesjam.audio.AudioBackendProvider}). Implementations need a
 * public no-argument constructor that does no I/O and loads no native library.
 */
public interface AudioBackendProvider {

    /** [thread-safe] The name used in {@code --audio NAME} (or {@code NAME:ARGUMENT}). */
    String name();

    /**
     * [thread-safe] Rank in the automatic choice, higher first; negative = never chosen automatically.
     * Built-ins: jack 100, javasound 50, wav 0 (the fallback), stdout -1.
     */
    int autoPriority();

    /** [thread-safe] True when {@code --audio NAME:ARGUMENT} needs the argument (a file for {@code wav}). */
    default boolean needsArgument() {
        return false;
    }

    /**
     * [main-thread] Null when this backend can run here now, else a short reason ("no JACK server running").
     * May probe the system (load a library, connect to a server), so it can take some milliseconds.
     */
    String unavailableReason();

    /**
     * [main-thread] A new, unopened backend. {@code argument} is the text after {@code NAME:} (null when absent);
     * {@code requested} is what the user asked for (the backend may answer with something else in
     * {@link AudioBackend#open}).
     */
    AudioBackend create(String argument, AudioConfig requested) throws AudioBackendException;

    /** [main-thread] Lines for {@code nesjam devices}: what this backend can reach here, or why not. */
    List<String> describeEndpoints();
}
