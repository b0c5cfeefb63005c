package org.nesjam.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nesjam.json.Json;
import org.nesjam.json.JsonException;
import org.nesjam.json.JsonValue;
import org.nesjam.json.SafeFiles;

/**
 * The declarative description of a plugin chain, and its JSON form ({@code *.chain.json}, or the {@code chain}
 * object of a scene):
 * <pre>
 * {
 *   "format": "nesjam-chain", "version": 1,
 *   "plugins": [
 *     {"id": "org.nesjam.apu", "channels": "all", "preset": "lead", "params": {"duty": 2}, "state": "BASE64"},
 *     {"id": "com.example.fx", "channels": [1, 2]}
 *   ],
 *   "cc": [ {"channel": 1, "cc": 74, "plugin": 0, "param": "duty"} ]
 * }
 * </pre>
 * Order is processing order. {@code channels} are MIDI channels 1..16 ("all" by default) the plugin receives.
 * {@code preset} names a preset applied first, then {@code state} (opaque, base64), then {@code params} by key.
 * {@code cc} maps a controller on a channel (1..16) to a parameter of the plugin at index {@code plugin}.
 * Parsing checks structure and types strictly (unknown fields, wrong types, newer versions are errors naming the
 * field); parameter keys and ranges are checked by {@link ChainBuilder} against the plugins actually present.
 * Immutable. [thread-safe]
 */
public record ChainSpec(List<Entry> plugins, List<CcBinding> cc, String source) {
    public static final String FORMAT = "nesjam-chain";
    public static final int VERSION = 1;

    /** One plugin of the chain. {@code channelMask}: bit {@code c} = MIDI channel {@code c} (0-based). */
    public record Entry(String id, int channelMask, String preset, Map<String, Double> params, byte[] state) {
        public Entry {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        public Entry withParams(Map<String, Double> newParams) {
            return new Entry(id, channelMask, preset, newParams, state);
        }

        public Entry withState(byte[] newState) {
            return new Entry(id, channelMask, preset, params, newState);
        }
    }

    /** MIDI CC {@code cc} (0..127) on channel {@code channel} (0-based) drives {@code param} of plugin {@code plugin}. */
    public record CcBinding(int channel, int cc, int plugin, String param) {
    }

    public ChainSpec {
        plugins = List.copyOf(plugins);
        cc = List.copyOf(cc);
    }

    /** A chain of the given plugin ids with default settings. */
    public static ChainSpec of(String... ids) {
        List<Entry> e = new ArrayList<>();
        for (String id : ids) {
            e.add(new Entry(id, PluginChain.ALL_CHANNELS, null, Map.of(), null));
        }
        return new ChainSpec(e, List.of(), "<built-in>");
    }

    public ChainSpec withPlugins(List<Entry> newPlugins) {
        return new ChainSpec(newPlugins, cc, source);
    }

    public ChainSpec withCc(List<CcBinding> newCc) {
        return new ChainSpec(plugins, newCc, source);
    }

    /** Index of the first plugin with {@code id}, or -1. */
    public int indexOf(String id) {
        for (int i = 0; i < plugins.size(); i++) {
            if (plugins.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Read and validate a chain file. */
    public static ChainSpec read(Path file) throws IOException {
        return fromJson(Json.parse(file).asObject(), true);
    }

    /**
     * The chain described by {@code root}. With {@code header}, {@code format} and {@code version} are required
     * (a chain file); without, they are not allowed (the chain object inside a scene).
     */
    public static ChainSpec fromJson(JsonValue.Obj root, boolean header) throws JsonException {
        if (header) {
            root.allowOnly(Set.of("format", "version", "plugins", "cc"));
            String format = root.string("format");
            if (!format.equals(FORMAT)) {
                throw root.get("format").error("expected \"" + FORMAT + "\", got \"" + format + "\"");
            }
            checkVersion(root, VERSION);
        } else {
            root.allowOnly(Set.of("plugins", "cc"));
        }
        List<Entry> entries = new ArrayList<>();
        JsonValue.Arr arr = root.require("plugins").asArray();
        for (JsonValue v : arr.items()) {
            JsonValue.Obj o = v.asObject();
            o.allowOnly(Set.of("id", "channels", "preset", "params", "state"));
            String id = o.string("id");
            if (id.isBlank()) {
                throw o.get("id").error("plugin id is empty");
            }
            int mask = PluginChain.ALL_CHANNELS;
            JsonValue ch = o.get("channels");
            if (ch != null) {
                mask = channelMask(ch);
            }
            String preset = o.string("preset", null);
            Map<String, Double> params = new LinkedHashMap<>();
            JsonValue p = o.get("params");
            if (p != null) {
                for (Map.Entry<String, JsonValue> e : p.asObject().members().entrySet()) {
                    params.put(e.getKey(), e.getValue().asNumber());
                }
            }
            byte[] state = null;
            JsonValue s = o.get("state");
            if (s != null) {
                state = decodeBase64(s);
            }
            entries.add(new Entry(id, mask, preset, params, state));
        }
        List<CcBinding> cc = new ArrayList<>();
        JsonValue ccv = root.get("cc");
        if (ccv != null) {
            for (JsonValue v : ccv.asArray().items()) {
                cc.add(ccBinding(v, entries.size()));
            }
        }
        return new ChainSpec(entries, cc, root.source());
    }

    /** A {@code {"channel","cc","plugin","param"}} object; {@code pluginCount} bounds the index. */
    public static CcBinding ccBinding(JsonValue v, int pluginCount) throws JsonException {
        JsonValue.Obj o = v.asObject();
        o.allowOnly(Set.of("channel", "cc", "plugin", "param"));
        int channel = o.require("channel").asInt(1, 16) - 1;
        int cc = o.require("cc").asInt(0, 127);
        int plugin = o.require("plugin").asInt(0, Math.max(0, pluginCount - 1));
        return new CcBinding(channel, cc, plugin, o.string("param"));
    }

    /** Rejects a missing, non-integer or newer {@code version}. */
    public static int checkVersion(JsonValue.Obj root, int supported) throws JsonException {
        JsonValue v = root.require("version");
        int version = v.asInt();
        if (version > supported) {
            throw v.error("format version " + version + " is newer than this nesjam supports (" + supported
                    + "); update nesjam");
        }
        if (version < 1) {
            throw v.error("format version must be >= 1, got " + version);
        }
        return version;
    }

    public static byte[] decodeBase64(JsonValue v) throws JsonException {
        try {
            return Base64.getDecoder().decode(v.asString());
        } catch (IllegalArgumentException e) {
            throw v.error("not valid base64 (" + e.getMessage() + ")");
        }
    }

    private static int channelMask(JsonValue ch) throws JsonException {
        if (ch instanceof JsonValue.Str) {
            if (!ch.asString().equals("all")) {
                throw ch.error("expected \"all\" or an array of channels 1..16");
            }
            return PluginChain.ALL_CHANNELS;
        }
        int mask = 0;
        for (JsonValue c : ch.asArray().items()) {
            mask |= 1 << (c.asInt(1, 16) - 1);
        }
        return mask;
    }

    /** The JSON form (plain Java maps and lists for {@link Json#write}); {@code header} adds format and version. */
    public Map<String, Object> toJson(boolean header) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (header) {
            root.put("format", FORMAT);
            root.put("version", VERSION);
        }
        List<Object> ps = new ArrayList<>();
        for (Entry e : plugins) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", e.id());
            if (e.channelMask() == PluginChain.ALL_CHANNELS) {
                o.put("channels", "all");
            } else {
                List<Object> chans = new ArrayList<>();
                for (int c = 0; c < 16; c++) {
                    if ((e.channelMask() & (1 << c)) != 0) {
                        chans.add(c + 1);
                    }
                }
                o.put("channels", chans);
            }
            if (e.preset() != null) {
                o.put("preset", e.preset());
            }
            if (!e.params().isEmpty()) {
                o.put("params", new LinkedHashMap<String, Object>(e.params()));
            }
            if (e.state() != null) {
                o.put("state", Base64.getEncoder().encodeToString(e.state()));
            }
            ps.add(o);
        }
        root.put("plugins", ps);
        if (!cc.isEmpty()) {
            List<Object> l = new ArrayList<>();
            for (CcBinding b : cc) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("channel", b.channel() + 1);
                o.put("cc", b.cc());
                o.put("plugin", b.plugin());
                o.put("param", b.param());
                l.add(o);
            }
            root.put("cc", l);
        }
        return root;
    }

    /** Save as a chain file; an existing file is kept as a backup (see {@link SafeFiles}). Returns the backup or null. */
    public Path write(Path file) throws IOException {
        return SafeFiles.writeKeepingBackup(file, Json.write(toJson(true)));
    }
}
