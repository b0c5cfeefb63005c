package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.dataset.TokenDataset;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;

/** {@code nesjam dataset} and {@code nesjam arrange}: results and one-line errors with exit code 2. */
class TokenCommandsTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... argv) {
        return CliRun.of(argv);
    }

    private Path popSong() throws Exception {
        List<MidiEvent> lead = new ArrayList<>();
        List<MidiEvent> bass = new ArrayList<>();
        lead.add(MidiEvent.channel(0, 0xC0, 80, 0));
        bass.add(MidiEvent.channel(0, 0xC1, 33, 0));
        for (int k = 0; k < 32; k++) {
            lead.add(MidiEvent.channel(k * 240L, 0x90, 72 + k % 7, 90));
            lead.add(MidiEvent.channel(k * 240L + 200, 0x80, 72 + k % 7, 0));
            if (k % 2 == 0) {
                bass.add(MidiEvent.channel(k * 240L, 0x91, 40, 90));
                bass.add(MidiEvent.channel(k * 240L + 480, 0x81, 40, 0));
            }
        }
        Path f = tmp.resolve("pop.mid");
        MidiFileWriter.write(f, 480, List.of(new MidiTrack("Lead", lead), new MidiTrack("Bass", bass)));
        return f;
    }

    @Test
    void arrangeWritesAnNesFile() throws Exception {
        Path out = tmp.resolve("nes.mid");
        CliRun r = run("arrange", popSong().toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("P1 <- track 0 'Lead'"), r.out());
        NesSong s = NesMidi.read(out);
        assertEquals(32, s.notes(Voice.P1).size());
        assertEquals(16, s.notes(Voice.TR).size());
    }

    @Test
    void arrangeBadInputIsOneLine() throws Exception {
        Path junk = tmp.resolve("junk.mid");
        Files.writeString(junk, "hello, not midi");
        CliRun r = run("arrange", junk.toString(), "-o", tmp.resolve("o.mid").toString());
        assertEquals(2, r.code());
        assertEquals("nesjam: junk.mid: not a MIDI file (no MThd header)\n", r.err());

        Path empty = tmp.resolve("empty.mid");
        MidiFileWriter.write(empty, 480, List.of(new MidiTrack("Nothing", List.of())));
        r = run("arrange", empty.toString(), "-o", tmp.resolve("o.mid").toString());
        assertEquals(2, r.code());
        assertEquals("nesjam: empty.mid: cannot arrange: no notes\n", r.err());

        r = run("arrange", tmp.resolve("missing.mid").toString(), "-o", tmp.resolve("o.mid").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().endsWith("missing.mid: no such file\n"), r.err());
        assertEquals(1, r.err().lines().count());
        assertEquals(2, run("arrange", popSong().toString()).code());
    }

    @Test
    void datasetBadInputIsOneLine() throws Exception {
        Path emptyDir = Files.createDirectories(tmp.resolve("nothing"));
        Files.writeString(emptyDir.resolve("notes.txt"), "no midi here");
        CliRun r = run("dataset", "--in", emptyDir.toString(), "--out", tmp.resolve("x.tok").toString());
        assertEquals(2, r.code());
        assertEquals("nesjam: " + emptyDir + ": no MIDI files (.mid, .midi) found\n", r.err());
        r = run("dataset", "--in", tmp.resolve("absent").toString(), "--out", tmp.resolve("x.tok").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count());
        assertEquals(2, run("dataset", "--out", "x.tok").code());
        assertEquals(2, run("dataset", "--in", emptyDir.toString(), "--out", "x.tok", "--augment", "-1").code());
    }

    @Test
    void datasetArrangedWithHeldOutFile() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("pool"));
        Files.copy(popSong(), in.resolve("a.mid"));
        Files.writeString(in.resolve("broken.mid"), "MThd broken");
        Path out = tmp.resolve("pre.tok");
        CliRun r = run("dataset", "--arrange", "--in", in.toString(), "--out", out.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 songs"), r.out());
        assertTrue(r.out().contains("1 files failed"), r.out());
        int[] ids = TokenDataset.read(out);
        assertEquals(0, ids[0]);
        assertTrue(ids.length > 60);
        assertTrue(Files.exists(TokenDataset.sidecar(out)));
        // every file fails -> an error, not an empty data set
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("x.mid"), "junk");
        r = run("dataset", "--in", bad.toString(), "--out", tmp.resolve("bad.tok").toString());
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList(); // a progress line, then the error
        assertTrue(lines.get(lines.size() - 1).startsWith(
                "nesjam: no song could be tokenised; first error: x.mid: not a MIDI file"), r.err());
    }
}
