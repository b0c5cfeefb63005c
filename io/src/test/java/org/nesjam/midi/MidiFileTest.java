package org.nesjam.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nesjam.testsupport.Require;

class MidiFileTest {

    private static byte[] smf(int tracksDeclared, byte[]... trackBodies) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, (byte) tracksDeclared, 0, 96});
        for (byte[] body : trackBodies) {
            out.writeBytes(new byte[] {'M', 'T', 'r', 'k', 0, 0, (byte) (body.length >> 8), (byte) body.length});
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void runningStatusAndUnknownMetaAreRead() throws Exception {
        byte[] body = bytes(0x00, 0x90, 60, 100, 0x10, 64, 90, // running status
                0x00, 0xFF, 0x7F, 0x02, 1, 2,                       // unknown (sequencer-specific) meta
                0x60, 0x80, 60, 0, 0x00, 64, 0,
                0x00, 0xFF, 0x2F, 0x00);
        MidiFile f = MidiFile.parse(smf(1, body), "t.mid");
        List<MidiEvent> ev = f.tracks().get(0).events();
        assertEquals(6, ev.size());
        assertEquals(0x90, ev.get(1).status());
        assertEquals(64, ev.get(1).data1());
        assertEquals(16, ev.get(1).tick());
        assertEquals(16 + 0x60, ev.get(3).tick());
        assertTrue(ev.get(4).isNoteOff());
    }

    @Test
    void badInputGivesOneLineErrorsNamingTheFile() {
        assertError("not a MIDI file", bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        assertError("no tracks", smf(0));
        byte[] good = smf(1, bytes(0x00, 0x90, 60, 100, 0x00, 0xFF, 0x2F, 0x00));
        assertError("truncated", java.util.Arrays.copyOf(good, good.length - 3));
        assertError("data byte without status", smf(1, bytes(0x00, 60, 100)));
        // 4 x 0x0FFFFFFF ticks at 96 ppq, 120 bpm = days of music
        assertError("absurd", smf(1, bytes(0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100, 0xFF, 0xFF, 0xFF, 0x7F, 0x80, 60, 0)));
    }

    private static void assertError(String expected, byte[] data) {
        MidiFormatException e = assertThrows(MidiFormatException.class, () -> MidiFile.parse(data, "bad.mid"));
        assertTrue(e.getMessage().startsWith("bad.mid: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void randomBytesNeverThrowAnythingElse() {
        java.util.Random r = new java.util.Random(7);
        byte[] good = smf(1, bytes(0x00, 0x90, 60, 100, 0x10, 64, 90, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00));
        for (int i = 0; i < 20_000; i++) {
            byte[] b = good.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            try {
                MidiFile.parse(b, "fuzz.mid");
            } catch (MidiFormatException expected) {
                // fine: a clean rejection
            }
        }
    }

    @Test
    void writerRoundTrip() throws Exception {
        List<MidiEvent> events = List.of(
                MidiEvent.meta(0, MidiEvent.META_TEMPO, bytes(0x07, 0xA1, 0x20)),
                MidiEvent.channel(0, 0x90, 60, 100), MidiEvent.channel(22050, 0x80, 60, 0),
                MidiEvent.channel(22050, 0xB0, 11, 7), MidiEvent.channel(44100, 0xC0, 5, 0));
        byte[] data = MidiFileWriter.toBytes(22050, List.of(new MidiTrack("p1", events)));
        MidiFile f = MidiFile.parse(data, "rt.mid");
        assertEquals("p1", f.tracks().get(0).name());
        assertEquals(44100, f.endTick());
        assertEquals(1.0, f.tempoMap().seconds(44100), 1e-12);
        assertEquals(44100, f.tempoMap().tickAt(1.0));
        long notes = f.tracks().get(0).events().stream().filter(e -> e.kind() == MidiEvent.CHANNEL).count();
        assertEquals(4, notes);
    }

    @Test
    void tempoChangesAreIntegrated() {
        // 120 bpm for 96 ticks (0.5 s), then 60 bpm: tick 192 is at 1.5 s
        List<MidiEvent> events = List.of(MidiEvent.meta(96, MidiEvent.META_TEMPO, bytes(0x0F, 0x42, 0x40)));
        MidiFile f = MidiFile.of("x", 1, 96, List.of(new MidiTrack("", events)));
        assertEquals(1.5, f.tempoMap().seconds(192), 1e-12);
        assertEquals(192, f.tempoMap().tickAt(1.5));
    }

    @Test
    void nesMdbFilesHaveSampleAccurateTicks() throws IOException {
        Path valid = Require.sharedData("data/nesmdb/valid");
        try (Stream<Path> s = Files.list(valid)) {
            List<Path> files = s.sorted().limit(20).toList();
            for (Path p : files) {
                MidiFile f = MidiFile.read(p);
                List<String> names = f.tracks().stream().map(MidiTrack::name).toList();
                assertTrue(names.containsAll(List.of("p1", "p2", "tr", "no")), p + " " + names);
                assertEquals(1.0, f.tempoMap().seconds(44_100), 1e-9, p.toString());
                assertTrue(f.lastTimeSignatureTick() >= 0, p.toString());
            }
        }
    }
}
