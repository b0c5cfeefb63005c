package org.nesjam.plugin;

import java.util.Objects;

/**
 * Identity of a plugin type. {@code id} is reverse-domain and stable across versions (presets refer to it);
 * {@code apiVersion} is the {@link PluginApi#VERSION} the plugin was built against.
 */
public record PluginDescriptor(String id, String name, String version, String vendor, PluginKind kind,
                               int apiVersion) {
    public PluginDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank()) {
            throw new IllegalArgumentException("plugin id is blank");
        }
    }
}
