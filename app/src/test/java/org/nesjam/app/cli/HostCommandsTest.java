package org.nesjam.app.cli;

import org.nesjam.app.UserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.plugin.Params;
import org.nesjam.testsupport.TestJars;

/** {@code nesjam plugins}, {@code nesjam presets} and the shared host options, run through {@link Main#run}. */
class HostCommandsTest {
    @TempDir
    Path tmp;
    private String savedProperty;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void isolate() {
        savedProperty = System.getProperty("nesjam.config.dir");
        System.setProperty("nesjam.config.dir", tmp.resolve("config").toString());
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        if (savedProperty == null) {
            System.clearProperty("nesjam.config.dir");
        } else {
            System.setProperty("nesjam.config.dir", savedProperty);
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pluginsListsBuiltInsJarsFromFoldersAndRejectionsWithReasons() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("myplugins"));
        TestJars.build("buzz", dir.resolve("buzz.jar"));
        Files.write(dir.resolve("broken.jar"), new byte[] {1, 2, 3});
        // the default folder is searched too
        Path def = Files.createDirectories(tmp.resolve("config/plugins"));
        TestJars.build("future-api", def.resolve("future.jar"));
        assertEquals(0, Main.run(new String[] {"plugins", "--plugins", dir.toString()}), err());
        String o = out();
        assertTrue(o.contains("org.nesjam.apu"), o);
        assertTrue(o.contains("NES APU (2A03)"), o);
        assertTrue(o.contains("com.example.buzz") && o.contains("Buzz 2.1 by Example Audio, instrument, "
                + "2 parameter(s), state  [" + dir.resolve("buzz.jar") + "]"), o);
        assertTrue(o.contains("level                0..1 default 0.25, smoothed  Level"), o);
        assertTrue(o.contains("2 rejected:"), o);
        assertTrue(o.contains(def.resolve("future.jar") + ": plugin com.example.future needs plugin API version 2;"),
                o);
        assertTrue(o.contains(dir.resolve("broken.jar") + ": bad jar (corrupt or not a zip file"), o);
    }

    @Test
    void pluginsWithAMissingFolderIsOneLine() {
        assertEquals(2, Main.run(new String[] {"plugins", "--plugins", tmp.resolve("nope").toString()}));
        assertEquals("nesjam: --plugins " + tmp.resolve("nope") + ": no such folder (see 'nesjam plugins --help')\n", err());
    }

    @Test
    void presetsListsTheLibraryAllValidAgainstTheInstalledInstrumentAndGenerator() {
        assertEquals(0, Main.run(new String[] {"presets"}), err());
        String o = out();
        assertTrue(o.contains("lead") && o.contains("org.nesjam.apu") && o.contains("Lead"), o);
        assertTrue(o.matches("(?s).*calm +built +org\\.nesjam\\.generator +Calm\n.*"), o);
        assertTrue(!o.contains("INVALID") && !o.contains("structure checked only"), "every shipped preset validates "
                + "against the installed plugins:\n" + o);
        assertEquals(19 + 4 + 2, o.lines().count(), o);
        assertTrue(o.matches("(?s).*solo-lead +built +mode play +1 plugin\\(s\\).*"), o);
        assertEquals(0, Main.run(new String[] {"presets", "bass"}));
        assertTrue(out().contains("\"tr.channel\": 1"), out());
    }

    @Test
    void presetCheckGivesOneLineNamingFileAndFieldAndChangesNothing() throws Exception {
        Path bad = tmp.resolve("bad.json");
        String text = "{\"format\": \"nesjam-preset\", \"version\": 1, \"plugin\": \"org.nesjam.apu\",\n"
                + "\"name\": \"x\", \"params\": {\"p1.duty\": 4}}\n";
        Files.writeString(bad, text);
        assertEquals(2, Main.run(new String[] {"presets", "--check", bad.toString()}));
        assertEquals("nesjam: " + bad + ":2:36: field \"params.p1.duty\": value 4 out of range [0, 3]\n", err());
        assertEquals(text, Files.readString(bad));
        Files.writeString(bad, text.replace("4}", "2}"));
        assertEquals(0, Main.run(new String[] {"presets", "--check", bad.toString()}), err());
        assertTrue(out().contains(bad + ": ok (preset 'x' for org.nesjam.apu)"), out());
    }

    @Test
    void hostOptionsBuildTheChainFromPresetsAndSets() {
        HostOptions host = Parsed.of("--preset", "lead", "--set", "p1.duty=3").host;
        try (PluginRegistry reg = host.discover()) {
            PreparedChain pc = host.build(reg, new ChainBuilder.Config(48000, 1, 256, 256), null, "org.nesjam.apu");
            Params p = pc.chain().plugins()[0].extension(Params.class);
            assertEquals(3.0, p.paramValue(p.paramByKey("p1.duty").id()), "--set wins over the preset");
            assertEquals(11.0, p.paramValue(p.paramByKey("p2.level").id()), "from the lead preset");
            pc.chain().destroy();
        }
        HostOptions bad = Parsed.of("--preset", "nope").host;
        try (PluginRegistry reg = bad.discover()) {
            UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                    () -> bad.build(reg, new ChainBuilder.Config(48000, 1, 256, 256), null, "org.nesjam.apu"));
            assertEquals("no preset file or preset named 'nope' (see 'nesjam presets')", e.getMessage());
        }
    }

    @Test
    void applyToSetsUpInstancesACommandCreatedItselfFromASceneWithItsCcMap() throws Exception {
        Path scene = tmp.resolve("duo.json");
        Files.writeString(scene, """
                {"format": "nesjam-scene", "version": 1, "name": "Duo", "mode": "play",
                 "chain": {"plugins": [{"id": "org.nesjam.apu", "preset": "arpeggio", "params": {"no.level": 3}}],
                           "cc": [{"channel": 1, "cc": 74, "plugin": 0, "param": "p1.duty"}]}}
                """);
        HostOptions host = Parsed.of("--scene", scene.toString(), "--set", "p1.level=9").host;
        try (PluginRegistry reg = host.discover()) {
            org.nesjam.plugin.Plugin apu = reg.find("org.nesjam.apu").create();
            org.nesjam.host.ChainSpec spec = host.applyTo(List.of(apu), reg);
            Params p = apu.extension(Params.class);
            assertEquals(0.0, p.paramValue(p.paramByKey("p1.duty").id()), "from the arpeggio preset");
            assertEquals(1.0, p.paramValue(p.paramByKey("p1.envelope").id()), "from the arpeggio preset");
            assertEquals(3.0, p.paramValue(p.paramByKey("no.level").id()), "from the scene");
            assertEquals(9.0, p.paramValue(p.paramByKey("p1.level").id()), "from --set");
            assertEquals(List.of(new org.nesjam.host.ChainSpec.CcBinding(0, 74, 0, "p1.duty")), spec.cc());
            assertEquals("play", host.scene().mode());
        }
    }

    @Test
    void presetsSaveKeepsThePreviousUserPresetAsABackup() throws Exception {
        Path a = tmp.resolve("a.json");
        Files.writeString(a, "{\"format\": \"nesjam-preset\", \"version\": 1, \"plugin\": \"org.nesjam.apu\", "
                + "\"name\": \"A\", \"params\": {\"p1.duty\": 1}}");
        assertEquals(0, Main.run(new String[] {"presets", "--save", "mine", "--from", a.toString()}), err());
        Path saved = tmp.resolve("config/presets/mine.json");
        String first = Files.readString(saved);
        Files.writeString(a, Files.readString(a).replace("\"p1.duty\": 1", "\"p1.duty\": 3"));
        assertEquals(0, Main.run(new String[] {"presets", "--save", "mine", "--from", a.toString()}), err());
        assertTrue(out().contains("the previous one is kept as " + tmp.resolve("config/presets/mine.json.bak")),
                out());
        assertEquals(first, Files.readString(tmp.resolve("config/presets/mine.json.bak")));
        assertTrue(Files.readString(saved).contains("\"p1.duty\": 3"));
        // a bad file is refused before anything is written
        Files.writeString(a, Files.readString(a).replace("\"p1.duty\": 3", "\"p1.duty\": 7"));
        assertEquals(2, Main.run(new String[] {"presets", "--save", "mine", "--from", a.toString()}));
        assertTrue(err().contains("field \"params.p1.duty\": value 7 out of range [0, 3]"), err());
        assertTrue(Files.readString(saved).contains("\"p1.duty\": 3"), "unchanged");
        assertTrue(!Files.exists(tmp.resolve("config/presets/mine.json.1.bak")), "no extra backup");
    }
}
