package org.nesjam.audio;

/**
 * One audio output (a JACK client, a javax.sound line, a WAV file, stdout), created by an
 * {@link AudioBackendProvider}. Lifecycle, all on one [main-thread]:
 * <pre>
 * create -> open() -> start(callback) -> ... -> stop() -> close()
 * </pre>
 * After {@link #start} the backend calls {@link AudioCallback#process} on its own audio thread once per period.
 * {@link #stop} and {@link #close} are idempotent, never hang (even when the server or device is gone) and
 * may be called without {@link #start}; {@link #close} finalizes any file so it stays playable.
 */
public interface AudioBackend extends AutoCloseable {

    /** [thread-safe] The provider name: {@code jack}, {@code javasound}, {@code wav}, {@code stdout}, ... */
    String name();

    /** [main-thread] Acquire the device; returns the configuration actually in force. */
    AudioConfig open() throws AudioBackendException;

    /** [thread-safe] The configuration in force after {@link #open}. */
    AudioConfig config();

    /** [main-thread] Begin calling {@code callback} on the audio thread. */
    void start(AudioCallback callback) throws AudioBackendException;

    /** [main-thread] After this returns the callback is not running and will not be called again. */
    void stop();

    /** [main-thread] Release the device and finalize outputs. */
    @Override
    void close();

    /**
     * [thread-safe] Periods the backend could not deliver on time since {@link #start} (JACK's xrun callback;
     * for the clocked backends, periods the audio thread fell more than one period behind).
     */
    long xrunCount();

    /** [thread-safe] The one-line description used in reports: {@code jack (48000 Hz, 256 frames)}. */
    default String describe() {
        AudioConfig c = config();
        return c == null ? name() : name() + " (" + c.describe() + ")";
    }
}
