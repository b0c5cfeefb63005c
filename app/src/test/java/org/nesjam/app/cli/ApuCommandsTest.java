package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.testsupport.Require;

/** {@code nesjam render / play / check-midi}: real renders, determinism, and one-line errors for bad input. */
class ApuCommandsTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... argv) {
        return CliRun.of(argv);
    }

    // ---- tiny SMF builder (bytes as written, so bad files can be made on purpose)

    private static byte[] header(int format, int tracks, int division) {
        return new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, (byte) format, 0, (byte) tracks,
            (byte) (division >> 8), (byte) division};
    }

    private static byte[] track(int... body) {
        byte[] b = new byte[8 + body.length];
        b[0] = 'M';
        b[1] = 'T';
        b[2] = 'r';
        b[3] = 'k';
        ByteBuffer.wrap(b, 4, 4).order(ByteOrder.BIG_ENDIAN).putInt(body.length);
        for (int i = 0; i < body.length; i++) {
            b[8 + i] = (byte) body[i];
        }
        return b;
    }

    private Path file(String name, byte[]... parts) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(p);
        }
        Path f = tmp.resolve(name);
        Files.write(f, b.toByteArray());
        return f;
    }

    /** Two notes on channel 1 (pulse 1) and one on channel 3 (triangle), 96 ticks per quarter at 120 bpm. */
    private Path song(String name, boolean runningStatus, boolean unknownMeta) throws Exception {
        List<Integer> body = new ArrayList<>();
        if (unknownMeta) {
            body.addAll(List.of(0x00, 0xFF, 0x7E, 0x03, 1, 2, 3)); // undefined meta type 0x7E
        }
        body.addAll(List.of(0x00, 0x90, 69, 100));
        if (runningStatus) {
            body.addAll(List.of(0x60, 69, 0, 0x00, 72, 100, 0x60, 72, 0));
        } else {
            body.addAll(List.of(0x60, 0x80, 69, 0, 0x00, 0x90, 72, 100, 0x60, 0x80, 72, 0));
        }
        body.addAll(List.of(0x00, 0x92, 45, 100, 0x81, 0x40, 0x82, 45, 0));
        body.addAll(List.of(0x00, 0xFF, 0x2F, 0x00));
        return file(name, header(0, 1, 96), track(body.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static void assertOneLineError(CliRun r, String mustContain) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + r.err());
        assertTrue(lines[0].startsWith("nesjam: "), lines[0]);
        assertTrue(lines[0].toLowerCase().contains(mustContain.toLowerCase()), lines[0] + " should mention "
                + mustContain);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private static short[] pcm(Path wav) throws Exception {
        byte[] b = Files.readAllBytes(wav);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[(b.length - 44) / 2];
        bb.position(44);
        bb.asShortBuffer().get(s);
        return s;
    }

    @Test
    void renderWritesTheSongAtTheRequestedRate() throws Exception {
        Path mid = song("ok.mid", false, false);
        for (int rate : new int[] {44100, 48000, 96000}) {
            Path wav = tmp.resolve("ok" + rate + ".wav");
            CliRun r = run("render", mid.toString(), "-o", wav.toString(), "--rate", String.valueOf(rate));
            assertEquals(0, r.code(), r.err());
            byte[] b = Files.readAllBytes(wav);
            assertEquals(rate, ByteBuffer.wrap(b, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            short[] s = pcm(wav);
            // 2 quarters at 120 bpm = 1 s, plus the triangle to 2 s, plus the 0.25 s tail
            assertEquals((int) Math.round(2.25 * rate), s.length, 2);
            int peak = 0;
            for (short v : s) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak > 3000 && peak < 32767, "audible, not clipped: " + peak);
        }
    }

    @Test
    void palFilterAndPlayOptions() throws Exception {
        Path mid = song("opts.mid", false, false);
        Path a = tmp.resolve("a.wav");
        Path b = tmp.resolve("b.wav");
        assertEquals(0, run("render", mid.toString(), "-o", a.toString(), "--pal", "--filter", "off").code());
        assertEquals(0, run("render", mid.toString(), "-o", b.toString(), "--filter", "famicom").code());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
        Path p = tmp.resolve("played.wav");
        CliRun play = run("play", mid.toString(), "-o", p.toString());
        assertEquals(0, play.code(), play.err());
        assertTrue(play.err().contains("instead"), "one line saying a WAV is written instead: " + play.err());
        assertTrue(Files.size(p) > 44);
        assertOneLineError(run("render", mid.toString(), "-o", a.toString(), "--rate", "22050"), "--rate");
        assertOneLineError(run("render", mid.toString(), "-o", a.toString(), "--filter", "tv"), "--filter");
        assertOneLineError(run("render", mid.toString()), "-o");
    }

    @Test
    void runningStatusAndUnknownMetaEventsRenderLikeThePlainFile() throws Exception {
        Path plain = tmp.resolve("plain.wav");
        Path running = tmp.resolve("running.wav");
        Path meta = tmp.resolve("meta.wav");
        assertEquals(0, run("render", song("p.mid", false, false).toString(), "-o", plain.toString()).code());
        assertEquals(0, run("render", song("r.mid", true, false).toString(), "-o", running.toString()).code());
        assertEquals(0, run("render", song("m.mid", false, true).toString(), "-o", meta.toString()).code());
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(running));
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(meta));
    }

    @Test
    void badInputGetsOneClearLineAndExitTwo() throws Exception {
        Path out = tmp.resolve("x.wav");
        Path good = song("good.mid", false, false);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = tmp.resolve("truncated.mid");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertOneLineError(run("render", truncated.toString(), "-o", out.toString()), "truncated.mid");
        Path text = tmp.resolve("text.mid");
        Files.writeString(text, "this is not a MIDI file at all, just text\n");
        assertOneLineError(run("render", text.toString(), "-o", out.toString()), "text.mid");
        Path zero = file("zero.mid", header(1, 0, 96));
        assertOneLineError(run("render", zero.toString(), "-o", out.toString()), "zero.mid");
        // running status with no status byte before it
        Path orphan = file("orphan.mid", header(0, 1, 96), track(0x00, 69, 100, 0x00, 0xFF, 0x2F, 0x00));
        assertOneLineError(run("render", orphan.toString(), "-o", out.toString()), "orphan.mid");
        // a delta time of 0x0FFFFFFF ticks at 1 tick per quarter: far beyond 24 hours
        Path absurd = file("absurd.mid", header(0, 1, 1), track(0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100,
                0x00, 0xFF, 0x2F, 0x00));
        assertOneLineError(run("render", absurd.toString(), "-o", out.toString()), "absurd.mid");
        assertOneLineError(run("render", tmp.resolve("missing.mid").toString(), "-o", out.toString()),
                "missing.mid");
        assertOneLineError(run("render", tmp.toString(), "-o", out.toString()), "directory");
    }

    @Test
    void checkMidiSummarisesRenderedAndRejectedFiles() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("corpus"));
        Files.copy(song("a.mid", false, false), dir.resolve("a.mid"));
        Files.copy(song("b.mid", true, true), dir.resolve("b.MIDI"));
        Files.writeString(dir.resolve("c.mid"), "not midi");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        CliRun r = run("check-midi", dir.toString(), "--timeout-ms", "30000");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertTrue(line.startsWith("check-midi: 3 files, 2 rendered"), line);
        assertTrue(line.contains("1 rejected") && line.contains("0 crashes, 0 timeouts"), line);
        assertEquals(1, line.split("\n").length);
    }

    @Test
    void nesMdbSongsRenderDeterministically() throws Exception {
        Path valid = Require.sharedData("data/nesmdb/valid");
        List<Path> songs;
        try (Stream<Path> s = Files.list(valid)) {
            songs = s.filter(p -> p.toString().endsWith(".mid")).sorted().limit(40).collect(Collectors.toList());
        }
        int checked = 0;
        for (int i = 0; i < songs.size() && checked < 3; i += 13) {
            Path mid = songs.get(i);
            Path a = tmp.resolve("a" + i + ".wav");
            Path b = tmp.resolve("b" + i + ".wav");
            CliRun ra = run("render", mid.toString(), "-o", a.toString());
            CliRun rb = run("render", mid.toString(), "-o", b.toString());
            assertEquals(0, ra.code(), ra.err());
            assertEquals(0, rb.code(), rb.err());
            assertTrue(ra.out().contains("NES-MDB mapping"), ra.out());
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), mid.getFileName().toString());
            short[] s = pcm(a);
            double energy = 0;
            for (short v : s) {
                energy += (double) v * v;
            }
            assertTrue(energy > 0, mid + " is silent");
            checked++;
        }
        assertEquals(3, checked);
    }
}
