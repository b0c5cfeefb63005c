package org.nesjam.plugin;

/** The role a plugin plays in a chain. */
public enum PluginKind {
    /** Events in, audio out (the APU instrument). */
    INSTRUMENT,
    /** Events in, events out (arpeggiators, channel routers). */
    NOTE_EFFECT,
    /** Audio in, audio out. */
    AUDIO_EFFECT,
    /** Produces events on its own, possibly from a worker thread (the Transformer). */
    GENERATOR
}
