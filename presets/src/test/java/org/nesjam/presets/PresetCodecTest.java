package org.nesjam.presets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.json.JsonException;
import org.nesjam.testsupport.TonePlugin;

/** Must-show bad input: one clear line each, naming the file and the field. */
class PresetCodecTest {
    static PluginRegistry registry;
    @TempDir
    Path dir;

    @BeforeAll
    static void discover() {
        registry = PluginDiscovery.discover(PresetCodecTest.class.getClassLoader(), List.of());
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    private static final String GOOD = """
            {
              "format": "nesjam-preset",
              "version": 1,
              "plugin": "org.nesjam.test.tone",
              "name": "Loud",
              "params": {"gain": 0.9, "octave": 1}
            }
            """;

    private String error(String text) throws Exception {
        Path f = dir.resolve("loud.json");
        Files.writeString(f, text);
        JsonException e = assertThrows(JsonException.class, () -> {
            PresetCodec.read(f, registry::find);
        });
        assertFalse(e.getMessage().contains("\n"), "one line");
        return e.getMessage().replace(dir.toString() + "/", "");
    }

    @Test
    void goodPresetRoundTrips() throws Exception {
        Preset p = PresetCodec.parse(GOOD, "loud.json", "loud", registry.find(TonePlugin.ID));
        assertEquals(Map.of("gain", 0.9, "octave", 1.0), p.params());
        Preset q = PresetCodec.parse(PresetCodec.write(p), "x.json", "loud", null);
        assertEquals(p.params(), q.params());
        assertEquals("Loud", q.title());
        Preset s = new Preset("s", TonePlugin.ID, "S", "", Map.of(), new byte[] {1, 2, 3}, "s.json");
        assertArrayEquals(new byte[] {1, 2, 3}, PresetCodec.parse(PresetCodec.write(s), "s.json", "s", null).state());
    }

    @Test
    void unknownField() throws Exception {
        assertEquals("loud.json:6:13: field \"colour\": unknown field (allowed here: description, format, name, params, "
                + "plugin, state, version)", error(GOOD.replace("\"params\"", "\"colour\": \"red\",\n  \"params\"")));
    }

    @Test
    void unknownParameterOfAnInstalledPlugin() throws Exception {
        assertEquals("loud.json:6:35: field \"params.gian\": unknown parameter for plugin org.nesjam.test.tone "
                + "(it has: gain, octave, ramp_ms, drone)", error(GOOD.replace("\"octave\"", "\"gian\"")));
    }

    @Test
    void wrongTypes() throws Exception {
        assertEquals("loud.json:6:22: field \"params.gain\": expected a number, got a string",
                error(GOOD.replace("0.9", "\"loud\"")));
        assertEquals("loud.json:3:14: field \"version\": expected a number, got a string",
                error(GOOD.replace("\"version\": 1", "\"version\": \"1\"")));
        assertEquals("loud.json:6:13: field \"params\": expected an object, got an array",
                error(GOOD.replace("{\"gain\": 0.9, \"octave\": 1}", "[0.9, 1]")));
    }

    @Test
    void outOfRangeValues() throws Exception {
        assertEquals("loud.json:6:22: field \"params.gain\": value 1.5 out of range [0, 1]",
                error(GOOD.replace("0.9", "1.5")));
        assertEquals("loud.json:6:37: field \"params.octave\": value 0.5 must be a whole number",
                error(GOOD.replace("\"octave\": 1", "\"octave\": 0.5")));
    }

    @Test
    void newerFormatVersion() throws Exception {
        assertEquals("loud.json:3:14: field \"version\": format version 2 is newer than this nesjam supports (1); "
                + "update nesjam", error(GOOD.replace("\"version\": 1", "\"version\": 2")));
    }

    @Test
    void truncatedJson() throws Exception {
        assertEquals("loud.json:6:38: field \"params\": unexpected end of file (truncated?)",
                error(GOOD.substring(0, GOOD.indexOf("1}") + 1)));
        assertEquals("loud.json:5:14: field \"name\": unexpected end of file (truncated?)",
                error(GOOD.substring(0, GOOD.indexOf("\"Loud\"") + 3)));
    }

    @Test
    void missingAndWrongFormat() throws Exception {
        assertEquals("loud.json:1:1: field \"plugin\": missing (required)", error(GOOD.replace(
                "\"plugin\": \"org.nesjam.test.tone\",", "")));
        assertEquals("loud.json:2:13: field \"format\": expected \"nesjam-preset\", got \"nesjam-scene\"",
                error(GOOD.replace("nesjam-preset", "nesjam-scene")));
        assertEquals("loud.json:1:1: field \"format\": missing (required)", error("{}"));
        assertEquals("loud.json:1:1: expected an object, got an array", error("[]"));
    }

    @Test
    void presetForAnotherPlugin() throws Exception {
        Preset p = PresetCodec.parse(GOOD.replace("org.nesjam.test.tone", "org.nesjam.apu"), "loud.json", "loud", null);
        JsonException e = assertThrows(JsonException.class, () -> PresetCodec.validate(p,
                registry.find(TonePlugin.ID)));
        assertEquals("loud.json: field \"plugin\": preset 'loud' is for plugin org.nesjam.apu, not "
                + "org.nesjam.test.tone", e.getMessage());
    }
}
