package org.nesjam.host.discovery;

import java.io.IOException;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link PluginDiscovery} found: accepted plugins by id (built-ins first, then folders in order, jars by
 * name) and rejections with reasons. Owns the plugin jars' class loaders: close it when the session ends (not
 * while a plugin from it is still in use). [main-thread]
 */
public final class PluginRegistry implements AutoCloseable {
    private final Map<String, PluginInfo> byId = new LinkedHashMap<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<URLClassLoader> loaders = new ArrayList<>();

    PluginRegistry() {
    }

    /** An empty registry to which plugins are added by hand (tests, embedding). */
    public static PluginRegistry empty() {
        return new PluginRegistry();
    }

    void addLoader(URLClassLoader loader) {
        loaders.add(loader);
    }

    void reject(String source, String reason) {
        rejections.add(new Rejection(source, reason));
    }

    /** Adds {@code info} unless its id is taken; returns the plugin already holding the id, or null. */
    public PluginInfo add(PluginInfo info) {
        PluginInfo existing = byId.putIfAbsent(info.descriptor().id(), info);
        return existing;
    }

    public List<PluginInfo> plugins() {
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }

    public List<Rejection> rejections() {
        return Collections.unmodifiableList(rejections);
    }

    /** The plugin with {@code id}, or null. */
    public PluginInfo find(String id) {
        return byId.get(id);
    }

    @Override
    public void close() {
        for (URLClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException e) {
                // nothing useful to do: the jar stays mapped until exit
            }
        }
        loaders.clear();
    }
}
