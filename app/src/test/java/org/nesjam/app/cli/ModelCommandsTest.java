package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.gen.model.Perplexity;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.testsupport.Require;

/** {@code nesjam generate}, {@code eval} and {@code bench gen} on the tiny test model: results and one-line errors. */
class ModelCommandsTest {
    static final Path TINY_DIR = Path.of("..", "live-gen", "src", "test", "resources", "org", "nesjam", "gen", "model");
    static final String TINY = TINY_DIR.resolve("tiny.json").toString();

    @TempDir
    Path tmp;

    private static CliRun run(String... argv) {
        return CliRun.of(argv);
    }

    @Test
    void generateIsDeterministicForASeedAndLastsTheRequestedTime() throws Exception {
        Path a = tmp.resolve("a.mid");
        Path b = tmp.resolve("b.mid");
        CliRun ra = run("generate", "--seconds", "8", "-o", a.toString(), "--seed", "11", "--model", TINY);
        CliRun rb = run("generate", "--seconds", "8", "-o", b.toString(), "--seed", "11", "--model", TINY);
        assertEquals(0, ra.code(), ra.err());
        assertEquals(0, rb.code(), rb.err());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        NesSong song = NesMidi.read(a);
        assertTrue(song.seconds() >= 8 && song.seconds() < 8 + 2.3, "length " + song.seconds());
        assertTrue(song.notes().size() > 0);
        Path c = tmp.resolve("c.mid");
        assertEquals(0, run("generate", "--seconds", "8", "-o", c.toString(), "--seed", "12", "--model", TINY).code());
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed, other music");
    }

    @Test
    void generateContinuesAPromptAndRendersWav() throws Exception {
        Path prompt = tmp.resolve("p.mid");
        assertEquals(0, run("generate", "--seconds", "3", "-o", prompt.toString(), "--seed", "1", "--model", TINY).code());
        NesSong p = NesMidi.read(prompt);
        Path out = tmp.resolve("cont.wav");
        CliRun r = run("generate", "--seconds", "2", "-o", out.toString(), "--seed", "2", "--prompt", prompt.toString(),
                "--rate", "44100", "--model", TINY);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("prompt"), r.out());
        java.nio.ByteBuffer wav = java.nio.ByteBuffer.wrap(Files.readAllBytes(out)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int channels = wav.getShort(22);
        int rate = wav.getInt(24);
        int bits = wav.getShort(34);
        assertEquals(44100, rate);
        double seconds = (wav.capacity() - 44) / (double) (rate * channels * bits / 8);
        assertTrue(seconds >= p.seconds() + 2 - 0.1, "wav " + seconds + " s, prompt " + p.seconds() + " s + 2 s");
    }

    @Test
    void evalPrintsPplTokensAndProtocol() throws Exception {
        Path valid = Require.sharedData("data/nesmdb/valid");
        if (valid == null) {
            return; // skipped on laptops (Require fails in CI)
        }
        List<Path> files = Perplexity.midiFiles(valid).subList(0, 3);
        Path dir = Files.createDirectory(tmp.resolve("three"));
        for (Path f : files) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        CliRun r = run("eval", "--data", dir.toString(), "--model", TINY);
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(5, lines.length, r.out());
        double ppl = Double.parseDouble(lines[0].substring("PPL ".length()));
        assertTrue(ppl > 1 && ppl < 631, lines[0]);
        assertTrue(lines[1].startsWith("PPL with the in-song cache "), lines[1]);
        double cached = Double.parseDouble(lines[1].split(" ")[5]);
        assertTrue(cached > 1 && cached < ppl, "the song's own past must help the tiny model: " + lines[1]);
        assertTrue(lines[2].startsWith("tokens ") && lines[2].contains("3 songs"), lines[2]);
        assertTrue(lines[3].startsWith("protocol LakhNES"), lines[3]);
        assertTrue(lines[4].startsWith("LakhNES valid PPL: 4.10"), lines[4]);

        CliRun off = run("eval", "--data", dir.toString(), "--model", TINY, "--structure", "0");
        assertEquals(0, off.code(), off.err());
        assertEquals(4, off.out().split("\n").length, off.out());
        assertEquals(lines[0], off.out().split("\n")[0]);
        assertOneLine(run("eval", "--data", dir.toString(), "--model", TINY, "--structure", "2"), "--structure");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertOneLine(run("eval", "--data", empty.toString(), "--model", TINY), "no MIDI files");
        assertOneLine(run("eval", "--data", tmp.resolve("nope").toString(), "--model", TINY), "not a directory");
        Path mid = tmp.resolve("x.mid");
        assertEquals(0, run("generate", "--seconds", "1", "-o", mid.toString(), "--model", TINY).code());
        Files.copy(mid, empty.resolve("x.mid"));
        assertOneLine(run("eval", "--data", empty.toString(), "--model", tmp.resolve("missing.json").toString()),
                "model metadata not found");
        Path json = tmp.resolve("tiny.json");
        Files.copy(TINY_DIR.resolve("tiny.onnx"), tmp.resolve("tiny.onnx"));
        Files.copy(TINY_DIR.resolve("tiny-step.onnx"), tmp.resolve("tiny-step.onnx"));
        Files.writeString(json, Files.readString(Path.of(TINY)).replace("\"vocab_size\": 631", "\"vocab_size\": 632"));
        assertOneLine(run("eval", "--data", empty.toString(), "--model", json.toString()), "another vocabulary");
        byte[] onnx = Files.readAllBytes(tmp.resolve("tiny.onnx"));
        onnx[1000] ^= 0x55;
        Files.write(tmp.resolve("tiny.onnx"), onnx);
        Files.copy(Path.of(TINY), json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertOneLine(run("generate", "--seconds", "1", "-o", tmp.resolve("y.mid").toString(), "--model",
                json.toString()), "corrupt model");
        assertOneLine(run("generate", "--seconds", "1", "-o", tmp.resolve("y.txt").toString(), "--model", TINY),
                ".mid, .midi, .wav or .nsf");
        assertOneLine(run("generate", "--seconds", "1", "-o", tmp.resolve("y.mid").toString(), "--temp", "0",
                "--model", TINY), "--temp must be 0.05..3");
        assertOneLine(run("generate", "--seconds", "1", "-o", tmp.resolve("y.mid").toString(), "--prompt",
                json.toString(), "--model", TINY), "tiny.json");
    }

    private static void assertOneLine(CliRun r, String part) {
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.contains(part), err);
        assertTrue(!err.contains("\n"), "one line: " + err);
    }

    @Test
    void benchGenPrintsMedians() {
        CliRun r = run("bench", "gen", "--model", TINY, "--runs", "1", "--tokens", "200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wall-clock tokens/s") && r.out().contains("p99") && r.out().contains("prefill")
                && r.out().contains("rollback"), r.out());
    }
}
