package org.nesjam.apu.instrument;

import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;

/** Service entry for {@link ApuInstrument} (listed in META-INF/services/org.nesjam.plugin.PluginFactory). */
public final class ApuInstrumentFactory implements PluginFactory {
    @Override
    public PluginDescriptor descriptor() {
        return ApuInstrument.DESCRIPTOR;
    }

    @Override
    public Plugin create() {
        return new ApuInstrument();
    }
}
