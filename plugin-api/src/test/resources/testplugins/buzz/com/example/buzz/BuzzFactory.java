package com.example.buzz;

import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.plugin.PluginKind;

public final class BuzzFactory implements PluginFactory {
    static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("com.example.buzz", "Buzz", "2.1",
            "Example Audio", PluginKind.INSTRUMENT, PluginApi.VERSION);

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Plugin create() {
        return new BuzzPlugin();
    }
}
