package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Voice;

/** {@code nesjam stats}: figures of a folder of hand-built songs, unreadable files, one-line errors. */
class StatsCommandTest {
    static final int RATE = 44_100;
    /** 0.24 s between onsets: 12 steps of 20 ms. */
    static final int BEAT = 10_584;
    static final int[] FOUR = {60, 62, 64, 65};

    @TempDir
    Path tmp;

    /** {@code count} notes of 0.1 s cycling through a 4-note motif, one every 0.24 s. */
    static List<NesNote> motif(Voice v, int count) {
        List<NesNote> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new NesNote(v, FOUR[i % 4], (long) i * BEAT, (long) i * BEAT + RATE / 10));
        }
        return out;
    }

    /**
     * a.mid: P1 motif of 58 notes (50 windows, 46 repeated), 20 s. b.mid: TR motif of 108 notes (100 windows, 96
     * repeated) and a 10 s P2 note, 30 s. c.mid: 20 P2 notes (12 windows), 10 s. bad.mid: not MIDI.
     */
    private Path folder() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("songs"));
        Files.write(dir.resolve("a.mid"), NesMidi.toBytes(new NesSong("a", motif(Voice.P1, 58), 20L * RATE)));
        List<NesNote> b = new ArrayList<>(motif(Voice.TR, 108));
        b.add(new NesNote(Voice.P2, 50, RATE, 11L * RATE));
        Files.write(dir.resolve("b.mid"), NesMidi.toBytes(new NesSong("b", b, 30L * RATE)));
        Files.write(dir.resolve("c.mid"), NesMidi.toBytes(new NesSong("c", motif(Voice.P2, 20), 10L * RATE)));
        Files.writeString(dir.resolve("bad.mid"), "not a MIDI file");
        Files.writeString(dir.resolve("notes.txt"), "ignored: not .mid");
        return dir;
    }

    @Test
    void printsPatternShareVoiceFiguresDronesAndDeadAir() throws Exception {
        CliRun r = CliRun.of("stats", folder().toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(8, lines.length, r.out());
        assertEquals("pieces 2 (1 skipped < 50 windows, 1 unreadable); first 60 s of each", lines[0]);
        assertEquals("repeated 8-note patterns 0.940 (p1 0.92 p2 n/a tr 0.96 no n/a)", lines[1]);
        assertTrue(lines[2].startsWith("per voice over all 3 pieces"), lines[2]);
        // p1: 58 notes of 0.1 s in 20 + 30 + 10 s, sounding 5.8 s; longest silences 6.22 s (a: after 13.78 s), 30, 10 s
        assertEquals("p1  0.97 notes/s  length 0.100/0.10/0.10 s  sounding 0.10  silence 10.0/30.0 s", lines[3]);
        // p2: 20 notes of 0.1 s (c) and one of 10 s (b): p99.9 at rank 19.98 of 0..20 = 0.1 + 0.98 * 9.9 s;
        // sounding 2 + 10 s; longest silences 20 s (a), 19 s (b: after the long note), 5.34 s (c)
        assertEquals("p2  0.35 notes/s  length 0.100/9.80/10.00 s  sounding 0.20  silence 19.0/20.0 s", lines[4]);
        assertTrue(lines[5].startsWith("tr  1.80 notes/s  length 0.100/0.10/0.10 s"), lines[5]);
        assertEquals("no  0.00 notes/s  length n/a/n/a/n/a s  sounding 0.00  silence 20.0/30.0 s", lines[6]);
        assertEquals("drones: 1 pieces with a note > 8 s; dead air: 2 pieces with a voice silent >= 20 s", lines[7]);
        List<String> errs = r.err().lines().toList();
        assertEquals(1, errs.stream().filter(l -> l.contains("bad.mid")).count(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void secondsLimitsTheAnalysedSpan() throws Exception {
        // first 10 s: 42 notes per motif, 34 windows: no piece reaches 50 windows
        CliRun r = CliRun.of("stats", folder().toString(), "--seconds", "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("pieces 0 (3 skipped < 50 windows, 1 unreadable); first 10 s of each\n"
                + "repeated 8-note patterns n/a (p1 n/a p2 n/a tr n/a no n/a)\n"), r.out());
        assertTrue(r.out().contains("drones: 1 pieces"), r.out());
        assertTrue(r.out().contains("dead air: 0 pieces"), r.out());
    }

    @Test
    void badInputIsOneLineAndExit2() throws Exception {
        Path dir = folder();
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Path onlyBad = Files.createDirectory(tmp.resolve("bad"));
        Files.writeString(onlyBad.resolve("x.mid"), "garbage");
        List<String[]> cases = List.of(new String[] {"stats"},
                new String[] {"stats", tmp.resolve("missing").toString()},
                new String[] {"stats", dir.resolve("a.mid").toString()},
                new String[] {"stats", empty.toString()},
                new String[] {"stats", onlyBad.toString()},
                new String[] {"stats", dir.toString(), "--seconds", "0"},
                new String[] {"stats", dir.toString(), "--seconds", "-5"},
                new String[] {"stats", dir.toString(), "--seconds", "3601"},
                new String[] {"stats", dir.toString(), "--seconds", "abc"},
                new String[] {"stats", dir.toString(), dir.toString()},
                new String[] {"stats", dir.toString(), "--bars", "4"});
        for (String[] argv : cases) {
            CliRun r = CliRun.of(argv);
            String what = String.join(" ", argv) + ": " + r.err();
            assertEquals(2, r.code(), what);
            assertEquals("", r.out(), what);
            assertEquals(1, r.err().lines().count(), what);
            assertTrue(r.err().startsWith("nesjam: "), what);
        }
        assertEquals(0, CliRun.of("stats", dir.toString(), "--seconds", "3600").code());
        assertTrue(CliRun.of("help", "stats").out().contains("Usage: nesjam stats [-hV] [--seconds=S] DIR"),
                CliRun.of("help", "stats").out());
    }
}
