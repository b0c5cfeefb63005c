package org.nesjam.gen.jam;

import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;

/** Registers the jam generator ({@link JamPlugin} on the shipped model) with ServiceLoader. */
public final class JamPluginFactory implements PluginFactory {
    @Override
    public PluginDescriptor descriptor() {
        return JamPlugin.DESCRIPTOR;
    }

    @Override
    public Plugin create() {
        return new JamPlugin();
    }
}
