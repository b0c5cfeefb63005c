package org.nesjam.presets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nesjam.host.ChainSpec;
import org.nesjam.json.Json;
import org.nesjam.json.JsonException;
import org.nesjam.json.JsonValue;

/**
 * A whole setup a player recalls at once: the chain (plugins, order, MIDI routing, presets and parameter values,
 * CC mappings) and the mode nesjam runs in.
 * <pre>
 * {
 *   "format": "nesjam-scene", "version": 1,
 *   "name": "Duet", "description": "you play pulse 1, the model answers",
 *   "mode": "call-response",
 *   "chain": { "plugins": [ {"id": "org.nesjam.apu", "preset": "lead"} ], "cc": [ ... ] }
 * }
 * </pre>
 * {@code mode} is one of {@link #MODES}. Immutable.
 */
public record Scene(String name, String title, String description, String mode, ChainSpec chain, String source) {
    public static final String FORMAT = "nesjam-scene";
    public static final int VERSION = 1;
    /** play: the instrument alone; call-response: the generator answers the player; endless: endless generation;
     * accompany: the generator plays the voices the player does not own (the names the control page and
     * {@code jam --mode} use). */
    public static final List<String> MODES = List.of("play", "call-response", "endless", "accompany");
    /** Earlier names of modes, read as the mode they now have: jam = call-response, radio = endless. */
    private static final java.util.Map<String, String> OLD_MODES = java.util.Map.of("jam", "call-response",
            "radio", "endless");

    public static Scene read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return fromJson(Json.parse(file), name);
    }

    public static Scene fromJson(JsonValue root, String name) throws JsonException {
        JsonValue.Obj o = root.asObject();
        o.allowOnly(Set.of("format", "version", "name", "description", "mode", "chain"));
        String format = o.string("format");
        if (!format.equals(FORMAT)) {
            throw o.get("format").error("expected \"" + FORMAT + "\", got \"" + format + "\"");
        }
        ChainSpec.checkVersion(o, VERSION);
        String mode = o.string("mode", "play");
        mode = OLD_MODES.getOrDefault(mode, mode);
        if (!MODES.contains(mode)) {
            throw o.get("mode").error("unknown mode \"" + mode + "\" (one of: " + String.join(", ", MODES) + ")");
        }
        ChainSpec chain = ChainSpec.fromJson(o.require("chain").asObject(), false);
        return new Scene(name, o.string("name"), o.string("description", ""), mode, chain, root.source());
    }

    public String toJsonText() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("name", title);
        if (!description.isEmpty()) {
            o.put("description", description);
        }
        o.put("mode", mode);
        o.put("chain", chain.toJson(false));
        return Json.write(o);
    }
}
