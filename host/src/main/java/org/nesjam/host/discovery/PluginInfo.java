package org.nesjam.host.discovery;

import java.util.List;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;

/**
 * One accepted plugin: what it is, its parameters (read from a probe instance at discovery), where it came from
 * ({@code source}: the jar path, or {@code built-in}) and the factory that makes instances. [thread-safe]
 */
public record PluginInfo(PluginDescriptor descriptor, List<ParamInfo> params, boolean hasState, String source,
                         boolean builtIn, PluginFactory factory) {

    /** The parameter with {@code key}, or null. */
    public ParamInfo param(String key) {
        for (ParamInfo p : params) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** [main-thread] A new inactive instance. */
    public Plugin create() {
        return factory.create();
    }
}
