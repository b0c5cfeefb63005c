package org.nesjam.plugin;

import java.io.IOException;

/**
 * State extension: everything needed to restore the plugin's sound, parameters included, as opaque bytes.
 * Saving then loading must reproduce the same output bit for bit.
 */
public interface PluginState {

    /** [main-thread &amp; !processing] The current state. */
    byte[] saveState();

    /** [main-thread &amp; !processing] Restore a state from {@link #saveState}; on failure nothing changes. */
    void loadState(byte[] state) throws IOException;
}
