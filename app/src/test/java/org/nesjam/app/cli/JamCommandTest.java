package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.presets.Scene;

/** {@code nesjam jam} end to end on the tiny test model with the WAV backend (real-time paced, 3 s). */
public class JamCommandTest {
    public static final String TINY = Path.of("..", "live-gen", "src", "test", "resources", "org", "nesjam", "gen", "model",
            "tiny.json").toString();

    @Test
    void jamRunsForTheGivenSecondsAndRecordsMidiAndWav(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("out.wav");
        Path rec = dir.resolve("rec");
        int code = CliRun.of("jam", "--seconds", "3", "--no-midi", "--quiet", "--seed", "5", "--model",
                TINY, "--audio", "wav:" + wav, "--record", rec.toString()).code();
        assertEquals(0, code);
        assertTrue(Files.size(wav) > 48_000 * 4 * 2, "WAV output too short: " + Files.size(wav));
        Path mid;
        Path recWav;
        try (Stream<Path> s = Files.list(rec)) {
            mid = s.filter(p -> p.toString().endsWith(".mid")).findFirst().orElseThrow();
        }
        try (Stream<Path> s = Files.list(rec)) {
            recWav = s.filter(p -> p.toString().endsWith(".wav")).findFirst().orElseThrow();
        }
        assertTrue(Files.size(recWav) > 48_000 * 4, "recorded WAV too short");
        NesSong song = NesMidi.read(mid);
        assertTrue(song.notes().size() > 5, "recorded MIDI has " + song.notes().size() + " notes");
    }

    @Test
    void aMissingModelIsOneLineAndANonZeroExit(@TempDir Path dir) {
        int code = CliRun.of("jam", "--seconds", "1", "--no-midi", "--model",
                dir.resolve("nope.json").toString(), "--audio", "wav:" + dir.resolve("x.wav")).code();
        assertEquals(2, code);
    }

    @Test
    void badOptionsAreUserErrors() {
        assertEquals(2, Main.run(new String[] {"jam", "--mode", "polka"}));
        assertEquals(2, Main.run(new String[] {"jam", "--own", "p3"}));
        assertEquals(2, Main.run(new String[] {"jam", "--temp", "-1"}));
        assertEquals(2, Main.run(new String[] {"jam", "--cc", "nonsense=3"}));
    }

    @Test
    void generatorPresetsApplyAndABadPresetCreatesNoFile(@TempDir Path dir) {
        Path wav = dir.resolve("calm.wav");
        assertEquals(0, CliRun.of("jam", "--seconds", "1", "--no-midi", "--quiet", "--preset", "calm",
                "--model", TINY, "--audio", "wav:" + wav).code());
        assertTrue(java.nio.file.Files.exists(wav));
        Path none = dir.resolve("none.wav");
        assertEquals(2, Main.run(new String[] {"jam", "--seconds", "1", "--no-midi", "--preset", "no-such-preset",
                "--model", TINY, "--audio", "wav:" + none}));
        assertTrue(!java.nio.file.Files.exists(none), "a rejected preset must not leave an output file");
    }

    /**
     * Settings changed live (here on stdin; the control page sends the same lines) are saved as a scene with
     * {@code save NAME} into the user's scenes folder, and {@code --scene NAME} brings them back: parameters and the
     * CC map. {@code save} never writes outside nesjam's folders: paths, {@code ..} and files that are not scenes are
     * refused.
     */
    @Test
    void aSavedJamSceneLoadsAgain(@TempDir Path dir) throws Exception {
        String previous = System.getProperty("nesjam.config.dir");
        System.setProperty("nesjam.config.dir", dir.resolve("config").toString());
        try {
            Path scene = dir.resolve("config/scenes/my-jam.json");
            CliRun first = CliRun.withStdin("set temperature 0.55\nsave my-jam\n", "jam", "--seconds", "2",
                    "--no-midi", "--model", TINY, "--audio", "wav:" + dir.resolve("a.wav"), "--cc", "topk=40");
            assertEquals(0, first.code(), first.err());
            assertTrue(first.err().contains("jam: saved " + scene), first.err());
            Scene saved = Scene.read(scene);
            assertEquals("endless", saved.mode(), "the jam's mode, by its one name");
            assertEquals(0.55, saved.chain().plugins().get(0).params().get("temperature"), 1e-9);
            assertTrue(saved.chain().cc().stream().anyMatch(b -> b.cc() == 40 && b.param().equals("topk")));

            CliRun second = CliRun.withStdin("save again\n", "jam", "--seconds", "2", "--no-midi", "--model",
                    TINY, "--audio", "wav:" + dir.resolve("b.wav"), "--scene", "my-jam");
            assertEquals(0, second.code(), second.err());
            assertTrue(second.err().contains("40=topk"), "the scene's CC map is in force: " + second.err());
            Scene reloaded = Scene.read(dir.resolve("config/scenes/again.json"));
            assertEquals(0.55, reloaded.chain().plugins().get(0).params().get("temperature"), 1e-9);
            assertTrue(CliRun.withStdin("save\n", "jam", "--seconds", "1", "--no-midi", "--model", TINY, "--audio",
                    "wav:" + dir.resolve("c.wav")).err().contains("jam: save NAME"), "save without a name says how");

            // what a hostile page or program could send: nothing outside the scenes folder is touched
            Path victim = dir.resolve("victim.txt");
            java.nio.file.Files.writeString(victim, "mine");
            java.nio.file.Files.writeString(dir.resolve("config/scenes/notes.json"), "my notes, not a scene");
            CliRun attack = CliRun.withStdin("save " + victim + "\nsave ../../victim\nsave ..\nsave notes\n"
                    + "save a/b\n", "jam", "--seconds", "1", "--no-midi", "--model", TINY, "--audio",
                    "wav:" + dir.resolve("d.wav"));
            assertEquals(0, attack.code(), attack.err());
            assertEquals("mine", java.nio.file.Files.readString(victim));
            assertEquals("my notes, not a scene", java.nio.file.Files.readString(dir.resolve("config/scenes/notes.json")));
            assertEquals(4, attack.err().split("not a path", -1).length - 1, attack.err());
            assertTrue(attack.err().contains("exists and is not a nesjam scene; not replaced"), attack.err());
            assertTrue(!java.nio.file.Files.exists(dir.resolve("victim.json")));
        } finally {
            if (previous == null) {
                System.clearProperty("nesjam.config.dir");
            } else {
                System.setProperty("nesjam.config.dir", previous);
            }
        }
    }

    @Test
    void theDefaultCommandIsJam() {
        assertEquals("jam", Main.defaultCommand());
    }

    /** A value outside a parameter's range is clamped, and the reply says so. */
    @Test
    void setRepliesWhenItClamps(@TempDir Path dir) {
        CliRun r = CliRun.withStdin("set temperature 99\nset temperature 0.7\n", "jam", "--seconds", "1", "--no-midi",
                "--model", TINY, "--audio", "wav:" + dir.resolve("a.wav"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("jam: temperature 99 is outside 0.05..3; set to 3"), r.err());
        assertEquals(1, r.err().split("is outside", -1).length - 1, "only the clamped value gets a reply: " + r.err());
    }

    /** A --control value that is not a port, or a port that is taken, is one line and exit 2 before anything plays. */
    @Test
    void badControlPortsExitTwo(@TempDir Path dir) throws Exception {
        for (String bad : new String[] {"abc", "-1", "70000"}) {
            Path wav = dir.resolve("bad" + bad + ".wav");
            CliRun r = CliRun.of("jam", "--seconds", "1", "--no-midi", "--model", TINY, "--audio", "wav:" + wav,
                    "--control", bad);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().strip().startsWith("nesjam: --control wants a port"), r.err());
            assertTrue(!r.err().strip().contains("\n"), "one line: " + r.err());
            assertTrue(!java.nio.file.Files.exists(wav), "nothing played");
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("jam", "--seconds", "1", "--no-midi", "--model", TINY, "--audio",
                    "wav:" + dir.resolve("t.wav"), "--control", Integer.toString(taken.getLocalPort()));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("cannot listen there"), r.err());
        }
    }
}
