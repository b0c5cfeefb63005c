package com.example.future;

import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.plugin.PluginKind;

/** Built against a newer plugin API than the host's. */
public final class FutureFactory implements PluginFactory {
    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("com.example.future", "Future", "9.0", "Example Audio", PluginKind.AUDIO_EFFECT,
                PluginApi.VERSION + 1);
    }

    @Override
    public Plugin create() {
        throw new UnsupportedOperationException("never created");
    }
}
