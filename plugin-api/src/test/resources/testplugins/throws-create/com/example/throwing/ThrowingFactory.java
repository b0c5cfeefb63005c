package com.example.throwing;

import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.plugin.PluginKind;

public final class ThrowingFactory implements PluginFactory {
    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("com.example.throwing", "Throwing", "1.0", "Example Audio",
                PluginKind.NOTE_EFFECT, PluginApi.VERSION);
    }

    @Override
    public Plugin create() {
        throw new IllegalStateException("license check failed");
    }
}
