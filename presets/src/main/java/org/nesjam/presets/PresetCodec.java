package org.nesjam.presets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.discovery.PluginInfo;
import org.nesjam.json.Json;
import org.nesjam.json.JsonException;
import org.nesjam.json.JsonValue;
import org.nesjam.plugin.ParamInfo;

/**
 * The preset file format, version 1, validated strictly:
 * <pre>
 * {
 *   "format": "nesjam-preset",
 *   "version": 1,
 *   "plugin": "org.nesjam.apu",
 *   "name": "Lead",
 *   "description": "optional text",
 *   "params": { "p1.duty": 2, "p1.envelope": 1 },
 *   "state": "optional base64"
 * }
 * </pre>
 * Unknown fields, wrong types, a newer version, truncated or malformed JSON are errors; parameter keys and
 * ranges are checked against the plugin when it is installed ({@link #validate}), and only then (a preset for a
 * plugin that is not present, such as the generator before it ships, is checked for structure only). Every error
 * is one {@link JsonException} line naming the file, the position where known, and the field. [thread-safe]
 */
public final class PresetCodec {
    public static final String FORMAT = "nesjam-preset";
    public static final int VERSION = 1;
    private static final Set<String> FIELDS = Set.of("format", "version", "plugin", "name", "description", "params",
            "state");

    private PresetCodec() {
    }

    /** Parse and structure-check a preset file; its name is the file name without {@code .json}. */
    public static Preset read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Parse a preset file and, when {@code plugins} knows the plugin it names, validate its parameters with
     * positions. {@code plugins} maps a plugin id to the installed plugin or null (may itself be null).
     */
    public static Preset read(Path file, Function<String, PluginInfo> plugins) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return fromJson(Json.parse(file), name, plugins);
    }

    /** {@link #fromJson(JsonValue, String, PluginInfo)} with the plugin looked up by the id the preset names. */
    public static Preset fromJson(JsonValue root, String name, Function<String, PluginInfo> plugins)
            throws JsonException {
        PluginInfo plugin = null;
        if (plugins != null && root instanceof JsonValue.Obj o && o.get("plugin") instanceof JsonValue.Str) {
            plugin = plugins.apply(o.get("plugin").asString());
        }
        return fromJson(root, name, plugin);
    }

    /** Parse {@code text} ({@code source} names it in errors) and check it against {@code plugin} when non-null. */
    public static Preset parse(String text, String source, String name, PluginInfo plugin) throws JsonException {
        return fromJson(Json.parse(text, source), name, plugin);
    }

    /**
     * The preset in {@code root}; when {@code plugin} is non-null and is the plugin the preset names, parameter keys
     * and values are validated too (with positions).
     */
    public static Preset fromJson(JsonValue root, String name, PluginInfo plugin) throws JsonException {
        JsonValue.Obj o = root.asObject();
        o.allowOnly(FIELDS);
        String format = o.string("format");
        if (!format.equals(FORMAT)) {
            throw o.get("format").error("expected \"" + FORMAT + "\", got \"" + format + "\"");
        }
        ChainSpec.checkVersion(o, VERSION);
        String pluginId = o.string("plugin");
        if (pluginId.isBlank()) {
            throw o.get("plugin").error("plugin id is empty");
        }
        String title = o.string("name");
        String description = o.string("description", "");
        Map<String, Double> params = new LinkedHashMap<>();
        JsonValue pv = o.get("params");
        if (pv != null) {
            for (Map.Entry<String, JsonValue> e : pv.asObject().members().entrySet()) {
                double v = e.getValue().asNumber();
                if (plugin != null && plugin.descriptor().id().equals(pluginId)) {
                    ParamInfo info = plugin.param(e.getKey());
                    if (info == null) {
                        throw e.getValue().error("unknown parameter for plugin " + pluginId + " (it has: "
                                + String.join(", ", plugin.params().stream().map(ParamInfo::key).toList()) + ")");
                    }
                    try {
                        ChainBuilder.checkRange(info, v, root.source(), e.getValue().path());
                    } catch (JsonException ex) {
                        throw e.getValue().error(ex.problem());
                    }
                }
                params.put(e.getKey(), v);
            }
        }
        byte[] state = null;
        JsonValue sv = o.get("state");
        if (sv != null) {
            state = ChainSpec.decodeBase64(sv);
        }
        if (plugin != null && state != null && !plugin.hasState()) {
            throw sv.error("plugin " + pluginId + " has no state");
        }
        return new Preset(name, pluginId, title, description, params, state, root.source());
    }

    /** Check a parsed preset against an installed plugin (id, keys, ranges); errors name the file and field. */
    public static void validate(Preset p, PluginInfo plugin) throws JsonException {
        if (!plugin.descriptor().id().equals(p.plugin())) {
            throw new JsonException(p.source(), 0, 0, "plugin", "preset '" + p.name() + "' is for plugin "
                    + p.plugin() + ", not " + plugin.descriptor().id());
        }
        for (Map.Entry<String, Double> e : p.params().entrySet()) {
            ParamInfo info = plugin.param(e.getKey());
            if (info == null) {
                throw new JsonException(p.source(), 0, 0, "params." + e.getKey(), "unknown parameter for plugin "
                        + p.plugin() + " (it has: "
                        + String.join(", ", plugin.params().stream().map(ParamInfo::key).toList()) + ")");
            }
            ChainBuilder.checkRange(info, e.getValue(), p.source(), "params." + e.getKey());
        }
        if (p.state() != null && !plugin.hasState()) {
            throw new JsonException(p.source(), 0, 0, "state", "plugin " + p.plugin() + " has no state");
        }
    }

    /** The JSON text of {@code p} (pretty, newline-terminated). */
    public static String write(Preset p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("plugin", p.plugin());
        o.put("name", p.title());
        if (!p.description().isEmpty()) {
            o.put("description", p.description());
        }
        o.put("params", new LinkedHashMap<String, Object>(p.params()));
        if (p.state() != null) {
            o.put("state", Base64.getEncoder().encodeToString(p.state()));
        }
        return Json.write(o);
    }
}
