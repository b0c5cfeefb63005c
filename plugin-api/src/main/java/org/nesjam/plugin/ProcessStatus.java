package org.nesjam.plugin;

/** What {@link Plugin#process} reports back to the host. */
public enum ProcessStatus {
    /** Keep calling process. */
    CONTINUE,
    /** Output is silent until new input events arrive; the host may skip this plugin until then. */
    SLEEP,
    /** The plugin failed; the host bypasses it for the rest of the session. */
    ERROR
}
