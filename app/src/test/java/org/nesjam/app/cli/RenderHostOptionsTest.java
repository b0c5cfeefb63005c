package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;
import org.nesjam.testsupport.TestJars;

/** {@code nesjam render} with --preset, --set, --scene and --plugins. */
class RenderHostOptionsTest {
    @TempDir
    Path tmp;
    private String savedProperty;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private Path song;

    @BeforeEach
    void setUp() throws Exception {
        savedProperty = System.getProperty("nesjam.config.dir");
        System.setProperty("nesjam.config.dir", tmp.resolve("config").toString());
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        List<MidiEvent> lead = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            lead.add(MidiEvent.channel(k * 240L, 0x90, 72 + k % 5, 100));
            lead.add(MidiEvent.channel(k * 240L + 200, 0x80, 72 + k % 5, 0));
        }
        song = tmp.resolve("song.mid");
        MidiFileWriter.write(song, 480, List.of(new MidiTrack("Lead", lead)));
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

    private byte[] render(String name, String... extra) throws Exception {
        Path out = tmp.resolve(name);
        List<String> argv = new ArrayList<>(List.of("render", song.toString(), "-o", out.toString()));
        argv.addAll(Arrays.asList(extra));
        assertEquals(0, Main.run(argv.toArray(new String[0])), err.toString(StandardCharsets.UTF_8));
        return Files.readAllBytes(out);
    }

    @Test
    void hostPathMatchesThePlainRenderAndPresetsChangeTheSound() throws Exception {
        byte[] plain = render("plain.wav");
        byte[] same = render("same.wav", "--set", "p1.level=15"); // the default value, through the chain path
        assertArrayEquals(plain, same, "chain path with default settings renders the same bytes");
        byte[] lead = render("lead.wav", "--preset", "arpeggio");
        assertEquals(plain.length, lead.length);
        assertFalse(Arrays.equals(plain, lead), "the preset changes the sound");
        byte[] scene = render("scene.wav", "--scene", "drums-and-bass"); // channel 1 plays the triangle
        assertFalse(Arrays.equals(plain, scene));
    }

    @Test
    void badPresetIsOneLineAndTheOutputFileIsNotTouched() throws Exception {
        Path presets = Files.createDirectories(tmp.resolve("config/presets"));
        Path bad = presets.resolve("wild.json");
        Files.writeString(bad, "{\"format\": \"nesjam-preset\", \"version\": 1, \"plugin\": \"org.nesjam.apu\",\n"
                + "\"name\": \"Wild\", \"params\": {\"p1.duty\": 9}}\n");
        Path out = tmp.resolve("keep.wav");
        Files.writeString(out, "precious");
        assertEquals(2, Main.run(new String[] {"render", song.toString(), "-o", out.toString(), "--preset", "wild"}));
        assertEquals("nesjam: " + bad + ":2:39: field \"params.p1.duty\": value 9 out of range [0, 3]\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals("precious", Files.readString(out), "the output file was not touched");
        err.reset();
        assertEquals(2, Main.run(new String[] {"render", song.toString(), "-o", out.toString(), "--set", "p1.dty=1"}));
        assertEquals("nesjam: --set p1.dty=1: no plugin in the chain has a parameter 'p1.dty'\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aJarPluginFromAPluginFolderRunsInARenderedScene() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        TestJars.build("buzz", plugins.resolve("buzz.jar"));
        Path scene = tmp.resolve("buzzy.json");
        Files.writeString(scene, """
                {"format": "nesjam-scene", "version": 1, "name": "Buzzy", "mode": "play",
                 "chain": {"plugins": [{"id": "org.nesjam.apu"},
                                       {"id": "com.example.buzz", "params": {"level": 0.1}}]}}
                """);
        byte[] plain = render("plain.wav");
        byte[] buzzy = render("buzzy.wav", "--plugins", plugins.toString(), "--scene", scene.toString());
        assertEquals(plain.length, buzzy.length);
        // the buzz plugin adds a +-0.1 square: the last samples (song tail, APU near silent) show it
        int s = (buzzy[buzzy.length - 2] & 0xFF) | buzzy[buzzy.length - 1] << 8;
        assertEquals(0.1 * 32767, Math.abs(s), 0.02 * 32767, "buzz audible at the end: " + s);
        assertTrue(Arrays.equals(Arrays.copyOf(plain, 44), Arrays.copyOf(buzzy, 44)), "same WAV header");
    }

    @Test
    void aPluginThatThrowsMidRenderIsBypassedWithOneLineAndTheRenderFinishes() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        TestJars.build("boom", plugins.resolve("boom.jar"));
        Path scene = tmp.resolve("boom.json");
        Files.writeString(scene, """
                {"format": "nesjam-scene", "version": 1, "name": "Boom", "mode": "play",
                 "chain": {"plugins": [{"id": "org.nesjam.apu"}, {"id": "com.example.boom"}]}}
                """);
        byte[] plain = render("plain.wav");
        err.reset();
        byte[] boom = render("boom.wav", "--plugins", plugins.toString(), "--scene", scene.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().filter(l -> l.contains("failed in process")).count(), e);
        assertTrue(e.contains("nesjam: plugin com.example.boom (Boom 0.9) at chain position 1 failed in process: "
                + "threw java.lang.ArithmeticException: boom in block 5; bypassed for the rest of the session"), e);
        assertEquals(plain.length, boom.length, "the render went on to the end");
        // after the fault (block 5 of 256 frames) the audio is the APU's own, bit for bit
        int from = 44 + 2 * 5 * 256;
        assertArrayEquals(Arrays.copyOfRange(plain, from, plain.length), Arrays.copyOfRange(boom, from, boom.length));
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 44, from), Arrays.copyOfRange(boom, 44, from)),
                "before it, boom halved the signal");
    }
}
