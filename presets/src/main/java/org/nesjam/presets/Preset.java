package org.nesjam.presets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One preset: the values of some parameters of one plugin (by key) and optionally its opaque state. Immutable.
 *
 * @param name the preset's name (its file name without {@code .json} in a library)
 * @param plugin the id of the plugin it is for
 * @param title a display title (the JSON {@code name} field)
 * @param description free text, may be empty
 * @param params parameter values by key, in file order
 * @param state opaque plugin state or null
 * @param source the file it was read from, for messages
 */
public record Preset(String name, String plugin, String title, String description, Map<String, Double> params,
                     byte[] state, String source) {
    public Preset {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        description = description == null ? "" : description;
    }

    public Preset withName(String newName) {
        return new Preset(newName, plugin, title, description, params, state, source);
    }
}
