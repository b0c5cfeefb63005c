package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it, through {@link Main#run} with real arguments and exit codes: generated help,
 * the version, the same range checks in every command, output extensions, never overwriting silently, preset files,
 * mode names, the hidden old spellings and progress only where asked for.
 */
class CommandLineTest {
    private static final String TINY = JamCommandTest.TINY;

    @TempDir
    static Path tmp;
    private static Path song;

    /** A short NES-MDB song from the tiny model, the input of the render tests. */
    @BeforeAll
    static void song() {
        song = tmp.resolve("song.mid");
        CliRun r = CliRun.of("generate", "--seconds", "3", "--seed", "1", "--model", TINY, "-o", song.toString());
        assertEquals(0, r.code(), r.err());
    }

    /** One line on stderr, exit 2, and the line says what {@code about}. */
    private static void assertUsageError(CliRun r, String about) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("nesjam: "), r.err());
        assertTrue(r.err().contains(about), r.err());
    }

    @Test
    void everyCommandHasGeneratedHelp() {
        CliRun jam = CliRun.of("jam", "--help");
        assertEquals(0, jam.code(), jam.err());
        assertTrue(jam.out().startsWith("Usage: nesjam jam"), jam.out());
        for (String option : List.of("--temp", "--mode", "--audio", "--midi-in", "--preset", "--control", "--force")) {
            assertTrue(jam.out().contains(option), option + " in " + jam.out());
        }
        CliRun main = CliRun.of("--help");
        assertEquals(0, main.code());
        assertTrue(main.out().contains("Commands:"), main.out());
        assertFalse(main.out().contains("bench-audio"), "the old spellings are hidden: " + main.out());
        CliRun bench = CliRun.of("bench", "--help");
        for (String b : List.of("apu", "gen", "jam", "audio", "midi")) {
            assertTrue(bench.out().contains("\n  " + b + " "), b + " in " + bench.out());
        }
        for (String[] argv : new String[][] {{"help", "render"}, {"render", "-h"}, {"bench", "audio", "--help"},
            {"bench-audio", "--help"}, {"bench-jam", "--help"}}) {
            CliRun r = CliRun.of(argv);
            assertEquals(0, r.code(), String.join(" ", argv) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: nesjam "), r.out());
        }
        assertTrue(CliRun.of("bench-jam", "--help").out().startsWith("Usage: nesjam bench jam"));
    }

    @Test
    void versionComesFromTheMavenProject() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/org/nesjam/app/version.properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            expected = p.getProperty("version");
        }
        assertTrue(expected.matches("\\d+\\.\\d+.*"), "filtered by Maven: " + expected);
        for (String[] argv : new String[][] {{"--version"}, {"-V"}, {"jam", "--version"}}) {
            CliRun r = CliRun.of(argv);
            assertEquals(0, r.code());
            assertTrue(r.out().startsWith("nesjam " + expected + "\n"), r.out());
        }
    }

    @Test
    void unknownOptionsAndCommandsAreOneLine() {
        assertUsageError(CliRun.of("jam", "--frobnicate"), "--frobnicate");
        assertUsageError(CliRun.of("frobnicate"), "frobnicate");
        assertUsageError(CliRun.of("bench"), "apu, gen, jam, audio or midi");
    }

    /** The same value is refused by every command that takes the option, with the same words. */
    @Test
    void everyCommandChecksAnOptionTheSameWay() {
        Path out = tmp.resolve("never.wav");
        String[][] cases = {
            {"--temp", "10", "--temp must be 0.05..3, got 10"},
            {"--topk", "99999", "--topk must be 0..631, got 99999"},
            {"--topp", "0", "--topp must be 0.05..1, got 0"},
            {"--seconds", "1e9", "--seconds must be above 0 and at most 86400 s, got 1000000000"},
            {"--seconds", "-5", "--seconds must be above 0"},
        };
        for (String[] c : cases) {
            String message = c[2];
            for (String command : List.of("jam", "generate")) {
                boolean jam = command.equals("jam");
                CliRun r = CliRun.of(command, c[0], c[1], "--model", TINY, "--seed", "1", jam ? "--audio" : "-o",
                        jam ? "wav:" + out : tmp.resolve("never.mid").toString());
                assertUsageError(r, message);
            }
        }
        for (List<String> argv : List.of(List.of("jam", "--audio", "wav:" + out), List.of("play", "--audio",
                "wav:" + out), List.of("render", song.toString(), "-o", out.toString()), List.of("generate", "-o",
                out.toString()), List.of("check-midi", tmp.toString()))) {
            List<String> withRate = new ArrayList<>(argv);
            withRate.addAll(List.of("--rate", "12345"));
            assertUsageError(CliRun.of(withRate.toArray(String[]::new)),
                    "--rate must be 44100, 48000, 88200 or 96000 Hz, got 12345");
        }
        assertFalse(Files.exists(out), "nothing was written");
        assertFalse(Files.exists(tmp.resolve("never.mid")), "nothing was written");
    }

    @Test
    void theExtensionDecidesTheFormat() throws IOException {
        Path mid = tmp.resolve("out.mid");
        assertUsageError(CliRun.of("render", song.toString(), "-o", mid.toString()), "writes .wav files");
        Path wav = tmp.resolve("out.wav");
        assertUsageError(CliRun.of("arrange", song.toString(), "-o", wav.toString()), "writes .mid or .midi files");
        assertUsageError(CliRun.of("generate", "--model", TINY, "-o", tmp.resolve("x.txt").toString()),
                "writes .mid, .midi, .wav or .nsf files");
        assertUsageError(CliRun.of("export", song.toString(), "-o", wav.toString()), "writes .nsf files");
        assertUsageError(CliRun.of("jam", "--model", TINY, "--audio", "wav:" + mid), "writes .wav files");
        assertUsageError(CliRun.of("dataset", "--in", tmp.toString(), "--out", tmp.resolve("x.bin").toString()),
                "writes .tok files");
        assertFalse(Files.exists(mid) || Files.exists(wav));
        CliRun ok = CliRun.of("arrange", song.toString(), "-o", mid.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals("MThd", new String(Files.readAllBytes(mid), 0, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void anExistingFileIsNeverReplacedSilently() throws IOException {
        Path out = tmp.resolve("take.wav");
        Files.writeString(out, "the user's own file");
        CliRun first = CliRun.of("render", song.toString(), "-o", out.toString());
        assertEquals(0, first.code(), first.err());
        Path second = tmp.resolve("take-2.wav");
        assertTrue(first.err().contains(out + " exists; writing " + second + " instead (--force overwrites)"),
                first.err());
        assertEquals("the user's own file", Files.readString(out));
        assertTrue(Files.size(second) > 44);
        CliRun third = CliRun.of("render", song.toString(), "-o", out.toString());
        assertTrue(third.err().contains("writing " + tmp.resolve("take-3.wav")), third.err());
        CliRun forced = CliRun.of("render", song.toString(), "-o", out.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(forced.err().contains("exists"), forced.err());
        assertArrayEquals(Files.readAllBytes(second), Files.readAllBytes(out), "--force replaced it");
        // so does play's WAV (with -o, or FILE.wav where there is no audio device)
        Path played = tmp.resolve("played.wav");
        assertEquals(0, CliRun.of("play", song.toString(), "-o", played.toString()).code());
        CliRun again = CliRun.of("play", song.toString(), "-o", played.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("writing " + tmp.resolve("played-2.wav") + " instead"), again.err());
        // the live commands' WAV output follows the same rule
        Path live = tmp.resolve("live.wav");
        Files.writeString(live, "mine");
        CliRun jam = CliRun.of("jam", "--seconds", "1", "--no-midi", "--quiet", "--model", TINY, "--audio",
                "wav:" + live);
        assertEquals(0, jam.code(), jam.err());
        assertEquals("mine", Files.readString(live));
        assertTrue(Files.size(tmp.resolve("live-2.wav")) > 44, jam.err());
    }

    @Test
    void aPresetFileWorksLikeAPresetName() throws IOException {
        Path file = tmp.resolve("my-arp.json");
        try (InputStream in = org.nesjam.presets.PresetLibrary.class.getResourceAsStream(
                "/presets/apu/arpeggio.json")) {
            Files.write(file, in.readAllBytes());
        }
        Path byName = tmp.resolve("by-name.wav");
        Path byFile = tmp.resolve("by-file.wav");
        assertEquals(0, CliRun.of("render", song.toString(), "-o", byName.toString(), "--preset", "arpeggio").code());
        CliRun r = CliRun.of("render", song.toString(), "-o", byFile.toString(), "--preset", file.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(byName), Files.readAllBytes(byFile));
        assertUsageError(CliRun.of("render", song.toString(), "-o", tmp.resolve("n.wav").toString(), "--preset",
                tmp.resolve("missing.json").toString()), "no preset file or preset named");
    }

    @Test
    void modesHaveOneNameEverywhereAndTheOldOnesStillWork() {
        assertUsageError(CliRun.of("jam", "--mode", "polka"), "--mode must be call-response, endless or accompany");
        for (String old : List.of("radio", "jam", "endless", "call-response")) {
            CliRun r = CliRun.of("jam", "--mode", old, "--seconds", "1", "--no-midi", "--model", TINY, "--audio",
                    "wav:" + tmp.resolve("mode-" + old + ".wav"));
            assertEquals(0, r.code(), r.err());
            String expected = old.equals("radio") ? "endless" : old.equals("jam") ? "call-response" : old;
            assertTrue(r.err().contains("jam: " + expected + " mode"), r.err());
        }
    }

    @Test
    void progressOnlyWhereAskedFor() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("eval-data"));
        Files.copy(song, data.resolve("a.mid"));
        CliRun piped = CliRun.of("eval", "--data", data.toString(), "--model", TINY);
        assertEquals(0, piped.code(), piped.err());
        assertFalse(piped.err().contains("loading the model"), "quiet when piped: " + piped.err());
        System.setProperty("nesjam.progress", "always"); // as on a terminal
        try {
            CliRun terminal = CliRun.of("eval", "--data", data.toString(), "--model", TINY);
            assertEquals(0, terminal.code(), terminal.err());
            assertTrue(terminal.err().contains("eval: loading the model"), terminal.err());
            assertEquals(piped.out().lines().findFirst(), terminal.out().lines().findFirst(), "the same figures");
        } finally {
            System.clearProperty("nesjam.progress");
        }
    }

    /**
     * A named MIDI port without a JACK server: what libjack and RtMidi print on the native stderr is captured and
     * summarised, not passed on line by line. In a process of its own, since the noise goes to fd 2.
     */
    @Test
    void nativeNoiseIsSummarisedInOneLine() throws Exception {
        Path wav = tmp.resolve("noise.wav");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "jam", "--midi-in", "nosuchport",
                "--midi-api", "jack", "--seconds", "1", "--quiet", "--model", TINY, "--audio", "wav:" + wav);
        pb.environment().put("JACK_DEFAULT_SERVER", "nesjam-no-such-server-" + ProcessHandle.current().pid());
        pb.environment().put("JACK_NO_START_SERVER", "1");
        pb.environment().remove("NESJAM_DEBUG");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), all);
        assertFalse(all.contains("Cannot connect to server"), all);
        assertFalse(all.contains("JackShmReadWritePtr"), all);
        assertTrue(all.lines().count() <= 8, "a few lines, not dozens: " + all);
        if (all.contains("libjack/RtMidi")) {
            assertTrue(all.contains("NESJAM_DEBUG=1 shows them"), all);
        }
    }
}
