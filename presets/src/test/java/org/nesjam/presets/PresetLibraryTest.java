package org.nesjam.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginRegistry;

/** The shipped library, scenes, and user presets that are never overwritten silently. */
class PresetLibraryTest {
    static PluginRegistry registry;
    @TempDir
    Path home;

    @BeforeAll
    static void discover() {
        registry = PluginDiscovery.discover(PresetLibraryTest.class.getClassLoader(), List.of());
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    private PresetLibrary library() {
        return new PresetLibrary(home.resolve("presets"), home.resolve("scenes"), getClass().getClassLoader())
                .validatingWith(registry);
    }

    @Test
    void everyShippedPresetLoadsAndApuPresetsValidateAgainstTheRealInstrument() {
        assertNotNull(registry.find("org.nesjam.apu"), "APU instrument registered through ServiceLoader");
        assertNull(registry.find("org.nesjam.generator"), "generator not on this module's test class path: its "
                + "presets are checked for structure only here (the app test validates them against it)");
        List<PresetLibrary.Item<Preset>> all = library().presets();
        assertEquals(19, all.size());
        int apu = 0;
        for (PresetLibrary.Item<Preset> i : all) {
            assertNull(i.error(), i.name() + ": " + i.error());
            assertEquals(PresetLibrary.Origin.SHIPPED, i.origin());
            if (i.value().plugin().equals("org.nesjam.apu")) {
                apu++;
            } else {
                assertEquals("org.nesjam.generator", i.value().plugin());
            }
        }
        assertEquals(13, apu);
        for (String n : List.of("lead", "bass", "arpeggio", "drum-kit", "duty-125", "env-pluck", "calm", "busy",
                "endless-radio", "accompany-lead", "call-response")) {
            assertTrue(all.stream().anyMatch(i -> i.name().equals(n)), n);
        }
    }

    @Test
    void shippedScenesParseAndTheApuOnesBuild() throws Exception {
        PresetLibrary lib = library();
        List<PresetLibrary.Item<Scene>> scenes = lib.scenes();
        assertEquals("accompany", lib.scene("jam-duet").mode());
        assertEquals(List.of("drums-and-bass", "jam-duet", "radio", "solo-lead"),
                scenes.stream().map(PresetLibrary.Item::name).toList());
        PresetLoader loader = new PresetLoader(lib, registry);
        for (String name : List.of("solo-lead", "drums-and-bass")) {
            Scene s = lib.scene(name);
            assertEquals("play", s.mode());
            PreparedChain pc = ChainBuilder.build(s.chain(), registry, loader,
                    new ChainBuilder.Config(48000, 1, 256, 128), null);
            assertEquals(1, pc.chain().size());
            pc.chain().destroy();
        }
        assertEquals(2, lib.scene("solo-lead").chain().cc().size());
        // the generator scenes name a plugin that is not installed yet: one clear error
        IOException e = assertThrows(IOException.class, () -> ChainBuilder.build(lib.scene("radio").chain(),
                registry, loader, new ChainBuilder.Config(48000, 1, 256, 128), null));
        assertTrue(e.getMessage().contains("no plugin 'org.nesjam.generator' is installed"), e.getMessage());
    }

    @Test
    void userPresetsOverrideShippedOnesAndSavingNeverOverwritesSilently() throws Exception {
        PresetLibrary lib = library();
        Preset lead = lib.preset("lead");
        Path file = home.resolve("presets/mine.json");
        assertNull(lib.saveUserPreset("mine", lead));
        String first = Files.readString(file);
        Preset louder = new Preset("mine", lead.plugin(), "Mine", "v2", Map.of("p1.level", 12.0), null, "x");
        Path backup = lib.saveUserPreset("mine", louder);
        assertEquals(home.resolve("presets/mine.json.bak"), backup);
        assertEquals(first, Files.readString(backup), "previous version kept");
        Path backup2 = lib.saveUserPreset("mine", lead);
        assertEquals(home.resolve("presets/mine.json.1.bak"), backup2);
        assertEquals(first, Files.readString(home.resolve("presets/mine.json.bak")), "older backup untouched");
        assertEquals(Map.of("p1.level", 12.0), PresetCodec.read(backup2).params());
        // a user preset named like a shipped one takes its place
        lib.saveUserPreset("lead", louder);
        PresetLibrary.Item<Preset> item = lib.presets().stream().filter(i -> i.name().equals("lead")).findFirst()
                .orElseThrow();
        assertEquals(PresetLibrary.Origin.USER, item.origin());
        assertEquals(Map.of("p1.level", 12.0), lib.preset("lead").params());
        assertThrows(IOException.class, () -> lib.saveUserPreset("../evil", lead));
    }

    @Test
    void invalidUserFilesAreListedWithTheirErrorAndFailOnUse() throws Exception {
        Files.createDirectories(home.resolve("presets"));
        Files.writeString(home.resolve("presets/broken.json"), "{\"format\": \"nesjam-preset\", \"version\": 1,");
        PresetLibrary lib = library();
        PresetLibrary.Item<Preset> broken = lib.presets().stream().filter(i -> i.name().equals("broken"))
                .findFirst().orElseThrow();
        assertEquals(home.resolve("presets/broken.json") + ":1:42: unexpected end of file (truncated?)",
                broken.error());
        IOException e = assertThrows(IOException.class, () -> lib.preset("broken"));
        assertEquals(broken.error(), e.getMessage());
        e = assertThrows(IOException.class, () -> lib.preset("nope"));
        assertEquals("no preset file or preset named 'nope' (see 'nesjam presets')", e.getMessage());
    }

    @Test
    void presetAndSetFlagsEditTheStartSpec() throws Exception {
        PresetLoader loader = new PresetLoader(library(), registry);
        ChainSpec spec = loader.withPreset(ChainSpec.of("org.nesjam.apu"), "lead");
        spec = loader.withSet(spec, "p1.duty=3");
        spec = loader.withSet(spec, "org.nesjam.apu:no.level=7");
        assertEquals("lead", spec.plugins().get(0).preset());
        assertEquals(Map.of("p1.duty", 3.0, "no.level", 7.0), spec.plugins().get(0).params());
        IOException e = assertThrows(IOException.class, () -> loader.withSet(ChainSpec.of("org.nesjam.apu"),
                "p1.duty=9"));
        assertEquals("--set p1.duty=9: value 9 out of range [0, 3]", e.getMessage());
        e = assertThrows(IOException.class, () -> loader.withSet(ChainSpec.of("org.nesjam.apu"), "p1.dutty=1"));
        assertEquals("--set p1.dutty=1: no plugin in the chain has a parameter 'p1.dutty'", e.getMessage());
        e = assertThrows(IOException.class, () -> loader.withPreset(ChainSpec.of("org.nesjam.apu"), "calm"));
        assertTrue(e.getMessage().endsWith("preset 'calm' is for plugin org.nesjam.generator, which is not in "
                + "the chain"), e.getMessage());
    }
}
