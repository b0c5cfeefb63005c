package org.nesjam.app.render;

import org.nesjam.app.cli.CliRun;
import org.nesjam.app.live.JamRecording;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.apu.nsf.NsfWriter;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;
import org.nesjam.plugin.Midi;

/**
 * {@code nesjam export} and the other NSF writers ({@code generate -o OUT.nsf}, the jam recording): the header, and
 * one line and exit 2 for each bad input (a frame with too many writes, a song too long for an NSF, a path that
 * cannot be written, an existing file that nesjam did not write), the file system left as it was.
 */
class NsfExportTest {
    /** 1,920 ticks a second at the default 120 bpm: a 60 Hz frame is 32 ticks. */
    private static final int DIVISION = 960;

    @TempDir
    Path tmp;

    /** A plain MIDI file (channels 1-4) with {@code events} on one track. */
    private Path midi(String name, List<MidiEvent> events) throws Exception {
        Path p = tmp.resolve(name);
        events.sort((a, b) -> Long.compare(a.tick(), b.tick()));
        MidiFileWriter.write(p, DIVISION, List.of(new MidiTrack("", events)));
        return p;
    }

    private Path simpleSong(String name) throws Exception {
        List<MidiEvent> e = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            e.add(MidiEvent.channel(i * 480L, 0x90, 60 + i, 100));
            e.add(MidiEvent.channel(i * 480L + 400, 0x80, 60 + i, 0));
            e.add(MidiEvent.channel(i * 480L, 0x92, 48, 100));
            e.add(MidiEvent.channel(i * 480L + 200, 0x82, 48, 0));
        }
        return midi(name, e);
    }

    private static void assertOneLineExit2(CliRun r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void headerHasTheFieldsSongsAndRegion() throws Exception {
        Path a = simpleSong("first song.mid");
        Path b = simpleSong("b.mid");
        Path one = tmp.resolve("one.nsf");
        CliRun r = CliRun.of("export", a.toString(), "-o", one.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("NSF, 1 song"), r.out());
        byte[] h = Files.readAllBytes(one);
        assertArrayEquals(new byte[] {'N', 'E', 'S', 'M', 0x1A, 1, 1, 1}, java.util.Arrays.copyOf(h, 8));
        assertEquals("first song", text(h, 0x0E));
        assertEquals("nesjam", text(h, 0x2E));
        assertEquals(java.time.Year.now() + " nesjam", text(h, 0x4E));
        assertEquals(16639, le16(h, 0x6E));
        assertEquals(19997, le16(h, 0x78));
        assertEquals(0, h[0x7A]); // NTSC
        assertEquals(0x8000, le16(h, 0x08));
        assertEquals(1, h[0x71]); // bank-switched: data bank 1 at $9000
        assertEquals(0, (h.length - NsfWriter.HEADER_SIZE) % NsfWriter.BANK_SIZE);
        assertTrue(NsfWriter.isNesjamNsf(one));

        Path two = tmp.resolve("two.nsf");
        r = CliRun.of("export", a.toString(), b.toString(), "-o", two.toString(), "--pal", "--title", "T",
                "--artist", "A", "--copyright", "C");
        assertEquals(0, r.code(), r.err());
        h = Files.readAllBytes(two);
        assertEquals(2, h[0x06]);
        assertEquals(1, h[0x7A]); // PAL
        assertEquals("T", text(h, 0x0E));
        assertEquals("A", text(h, 0x2E));
        assertEquals("C", text(h, 0x4E));
    }

    @Test
    void aFrameWithTooManyWritesIsOneLine() throws Exception {
        List<MidiEvent> e = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // 200 noise notes at one instant: 200 $400F writes (each restarts the noise)
            e.add(MidiEvent.channel(0, 0x93, 1 + i % 16, 100));
        }
        e.add(MidiEvent.channel(960, 0x83, 1, 0));
        Path dense = midi("dense.mid", e);
        Path out = tmp.resolve("dense.nsf");
        CliRun r = CliRun.of("export", dense.toString(), "-o", out.toString());
        assertOneLineExit2(r, "dense.mid: frame 0 (at 0.00 s) needs 20");
        assertTrue(r.err().contains("an NSF frame holds at most 127"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aSongTooLongForAnNsfIsOneLine() throws Exception {
        List<MidiEvent> e = new ArrayList<>();
        long frames = 15 * 60 * 60; // 15 minutes, every voice changing note and volume every frame
        for (long f = 0; f < frames; f++) {
            long tick = f * 32;
            boolean odd = (f & 1) == 1;
            for (int ch = 0; ch < 4; ch++) {
                int key = ch == 3 ? (odd ? 1 : 5) : (odd ? 45 : 57);
                int prev = ch == 3 ? (odd ? 5 : 1) : (odd ? 57 : 45);
                if (f > 0) {
                    e.add(MidiEvent.channel(tick, 0x80 | ch, prev, 0));
                }
                e.add(MidiEvent.channel(tick, 0x90 | ch, key, odd ? 40 : 120));
            }
        }
        Path song = midi("long.mid", e);
        Path out = tmp.resolve("long.nsf");
        CliRun r = CliRun.of("export", song.toString(), "-o", out.toString());
        assertOneLineExit2(r, "an NSF holds at most 1,020 KB");
        assertFalse(Files.exists(out));
    }

    @Test
    void aPathThatCannotBeWrittenIsOneLine() throws Exception {
        Path song = simpleSong("s.mid");
        CliRun r = CliRun.of("export", song.toString(), "-o", tmp.resolve("no/such/dir/x.nsf").toString());
        assertOneLineExit2(r, "cannot write");
        Path file = tmp.resolve("plain.txt");
        Files.writeString(file, "x");
        r = CliRun.of("export", song.toString(), "-o", file.resolve("x.nsf").toString());
        assertOneLineExit2(r, "cannot write");
        r = CliRun.of("export", song.toString(), "-o", tmp.toString() + "/");
        assertOneLineExit2(r, "writes .nsf files");
        Path dirNsf = Files.createDirectory(tmp.resolve("d.nsf"));
        r = CliRun.of("export", song.toString(), "-o", dirNsf.toString());
        assertOneLineExit2(r, "is a directory");
        r = CliRun.of("export", tmp.resolve("missing.mid").toString(), "-o", tmp.resolve("m.nsf").toString());
        assertOneLineExit2(r, "no such file");
    }

    @Test
    void anExistingFileIsNeverReplacedWithoutForce() throws Exception {
        Path song = simpleSong("s.mid");
        Path mine = tmp.resolve("mine.nsf");
        Files.writeString(mine, "the user's own file");
        CliRun r = CliRun.of("export", song.toString(), "-o", mine.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(mine + " exists; writing " + tmp.resolve("mine-2.nsf") + " instead"), r.err());
        assertEquals("the user's own file", Files.readString(mine));
        assertTrue(NsfWriter.isNesjamNsf(tmp.resolve("mine-2.nsf")));
        // generate too
        r = CliRun.of("generate", "--seconds", "1", "--seed", "1", "-o", mine.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("writing " + tmp.resolve("mine-3.nsf")), r.err());
        assertEquals("the user's own file", Files.readString(mine));
        // --force replaces it
        r = CliRun.of("export", song.toString(), "-o", mine.toString(), "--force");
        assertEquals(0, r.code(), r.err());
        assertTrue(NsfWriter.isNesjamNsf(mine));
        // an NSF nesjam wrote is not replaced without --force either; with it, it is
        r = CliRun.of("export", song.toString(), "-o", mine.toString(), "--title", "again", "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals("again", text(Files.readAllBytes(mine), 0x0E));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "temporary file left");
        }
    }

    @Test
    void generateWritesAnNsfThroughTheSamePath() throws Exception {
        Path out = tmp.resolve("gen.nsf");
        CliRun r = CliRun.of("generate", "--seconds", "2", "--seed", "3", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(NsfWriter.isNesjamNsf(out));
        assertEquals("gen", text(Files.readAllBytes(out), 0x0E));
        assertTrue(r.out().contains("NSF, 1 song"), r.out());
    }

    @Test
    void theJamRecordingWritesAnNsf() throws Exception {
        JamRecording rec = new JamRecording(tmp.resolve("jam-1.mid"), 48_000);
        rec.event(0, Midi.pack(Midi.NOTE_ON, 60, 12), 0);
        rec.event(24_000, Midi.pack(Midi.NOTE_OFF, 60, 0), 0);
        rec.event(24_000, Midi.pack(Midi.NOTE_ON | 2, 45, 15), 0);
        rec.event(48_000, Midi.pack(Midi.NOTE_OFF | 2, 45, 0), 0);
        rec.write();
        Path nsf = tmp.resolve("jam-1.nsf");
        rec.writeNsf(nsf, new ApuInstrument());
        assertTrue(NsfWriter.isNesjamNsf(nsf));
        assertEquals("jam-1", text(Files.readAllBytes(nsf), 0x0E));
    }

    @Test
    void jamRecordWritesAnNsfBesideTheMidiAndWav() throws Exception {
        Path rec = tmp.resolve("takes");
        CliRun r = CliRun.of("jam", "--seconds", "2", "--no-midi", "--quiet", "--seed", "5", "--model",
                org.nesjam.app.cli.JamCommandTest.TINY, "--audio", "wav:" + tmp.resolve("out.wav"), "--record", rec.toString());
        assertEquals(0, r.code(), r.err());
        List<Path> nsfs;
        try (var files = Files.list(rec)) {
            nsfs = files.filter(p -> p.toString().endsWith(".nsf")).toList();
        }
        assertEquals(1, nsfs.size(), r.err());
        assertTrue(NsfWriter.isNesjamNsf(nsfs.get(0)));
        String name = nsfs.get(0).getFileName().toString();
        assertEquals(name.substring(0, name.length() - 4), text(Files.readAllBytes(nsfs.get(0)), 0x0E));
        assertTrue(Files.exists(nsfs.get(0).resolveSibling(name.replace(".nsf", ".mid"))));
        assertTrue(r.err().contains(name + ": NSF, 1 song"), r.err());
    }

    private static String text(byte[] h, int at) {
        int end = at;
        while (h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.US_ASCII);
    }

    private static int le16(byte[] h, int at) {
        return (h[at] & 0xFF) | (h[at + 1] & 0xFF) << 8;
    }
}
