package org.nesjam.plugin;

/**
 * Service-provider entry point, found with {@link java.util.ServiceLoader} in the host's class path and in
 * plugin jars (list implementations in {@code META-INF/services/org.nesjam.plugin.PluginFactory}).
 * Implementations need a public no-argument constructor and must be cheap to construct.
 */
public interface PluginFactory {

    /** [thread-safe] The descriptor of the plugins this factory makes. */
    PluginDescriptor descriptor();

    /** [main-thread] A new, inactive instance. */
    Plugin create();
}
