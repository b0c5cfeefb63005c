package org.nesjam.plugin;

/**
 * One plugin instance. The lifecycle follows CLAP:
 * <pre>
 * created -> activate(sampleRate, minFrames, maxFrames) -> startProcessing -> process* -> stopProcessing
 *         -> deactivate -> (activate again | destroy)
 * </pre>
 * Thread tags: {@code [main-thread]} is any one non-real-time thread that owns the instance's lifecycle;
 * {@code [audio-thread]} is the role of whichever thread calls {@link #process} (one at a time per instance).
 * A host must never call these out of order; a plugin may throw {@link IllegalStateException} if it does.
 */
public interface Plugin {

    /** [thread-safe] What this plugin is. Never null; constant for the instance's life. */
    PluginDescriptor descriptor();

    /**
     * [main-thread &amp; !active] Prepare to process at {@code sampleRate} Hz with blocks of
     * {@code minFrames..maxFrames} frames. Everything {@link #process} needs is allocated here.
     */
    void activate(double sampleRate, int minFrames, int maxFrames);

    /** [audio-thread &amp; active &amp; !processing] Processing is about to start. Real-time safe. */
    default void startProcessing() {
    }

    /**
     * [audio-thread &amp; active &amp; processing] Render one block. Real-time safe: no allocation,
     * no locks, no I/O, no logging. Input events are sorted by block offset.
     * Instruments add their output into {@link ProcessBlock#audio}; audio effects transform it in place.
     */
    ProcessStatus process(ProcessBlock block);

    /** [audio-thread &amp; active &amp; processing] Processing stops after this call. Real-time safe. */
    default void stopProcessing() {
    }

    /** [main-thread &amp; active &amp; !processing] Release what {@link #activate} allocated (or keep it for reuse). */
    void deactivate();

    /** [main-thread &amp; !active] The instance is dropped after this. */
    default void destroy() {
    }

    /**
     * [thread-safe] An optional ability of this plugin ({@link Params}, {@link PluginState}, ...) or null when
     * unsupported. The default returns this instance when it implements {@code type}.
     */
    default <T> T extension(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : null;
    }
}
