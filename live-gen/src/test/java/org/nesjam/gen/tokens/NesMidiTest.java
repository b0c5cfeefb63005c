package org.nesjam.gen.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiFormatException;
import org.nesjam.midi.MidiTrack;
import org.nesjam.testsupport.Require;
import org.junit.jupiter.api.Test;

class NesMidiTest {

    private static NesNote n(Voice v, int pitch, long start, long end) {
        return new NesNote(v, pitch, start, end);
    }

    @Test
    void writtenFileReadsBackExactly() throws IOException {
        NesSong song = new NesSong("fixture", List.of(n(Voice.P1, 60, 10, 500), n(Voice.P1, 60, 500, 900),
                n(Voice.P2, 33, 0, 44_100), n(Voice.TR, 21, 100, 200), n(Voice.NO, 16, 7, 8)), 50_000);
        MidiFile f = MidiFile.parse(NesMidi.toBytes(song), "fixture.mid");
        assertEquals(1, f.format());
        assertEquals(22_050, f.division());
        assertEquals(5, f.tracks().size());
        assertEquals(List.of("", "p1", "p2", "tr", "no"), f.tracks().stream().map(MidiTrack::name).toList());
        assertEquals(50_000, f.lastTimeSignatureTick());
        NesSong back = NesMidi.fromMidi(f);
        assertEquals(song.notes(), back.notes());
        assertEquals(50_000, back.endSample());
    }

    @Test
    void readsNesMdbOrderNextNoteOnBeforePreviousNoteOff() throws IOException {
        // NES-MDB writes, at one tick, the next note's note-on and then the previous note's note-off, also for a
        // repeated pitch.
        List<MidiEvent> p1 = List.of(
                MidiEvent.channel(2, 0x90, 35, 15), MidiEvent.channel(367, 0x90, 35, 15),
                MidiEvent.channel(367, 0x90, 35, 0), MidiEvent.channel(735, 0x90, 33, 15),
                MidiEvent.channel(735, 0x90, 35, 0), MidiEvent.channel(1102, 0x90, 33, 0));
        List<MidiEvent> conductor = List.of(
                MidiEvent.meta(0, MidiEvent.META_TEMPO, new byte[] {0x07, (byte) 0xA1, 0x20}),
                MidiEvent.meta(2000, MidiEvent.META_TIME_SIGNATURE, new byte[] {1, 0, 24, 8}));
        byte[] bytes = MidiFileWriter.toBytes(22_050, List.of(new MidiTrack("", conductor), new MidiTrack("p1", p1)));
        NesSong s = NesMidi.fromMidi(MidiFile.parse(bytes, "x.mid"));
        assertEquals(List.of(n(Voice.P1, 35, 2, 367), n(Voice.P1, 35, 367, 735), n(Voice.P1, 33, 735, 1102)), s.notes());
        assertEquals(2000, s.endSample());
        // Gaps 365, 368, 367 each map on their own to WT_370 (per-gap, as LakhNES): nearly equal gaps, equal tokens
        assertEquals("WT_2 P1_NOTEON_35 WT_370 P1_NOTEON_35 WT_370 P1_NOTEON_33 WT_370 P1_NOTEOFF WT_900",
                Tx1Codec.names(Tx1Codec.encode(s), " "));
    }

    @Test
    void fileWithoutNesTracksIsAClearError() {
        byte[] bytes = MidiFileWriter.toBytes(480, List.of(new MidiTrack("Piano",
                List.of(MidiEvent.channel(0, 0x90, 60, 100), MidiEvent.channel(480, 0x80, 60, 0)))));
        MidiFormatException e = assertThrows(MidiFormatException.class,
                () -> NesMidi.fromMidi(MidiFile.parse(bytes, "pop.mid")));
        assertTrue(e.getMessage().startsWith("pop.mid: not an NES-MDB-style file"), e.getMessage());
    }

    /**
     * NES-MDB MIDI -> events -> MIDI keeps each note's voice, pitch, start and end up to wait rounding, on real
     * files of the valid split.
     */
    @Test
    void nesMdbRoundTripOnRealFiles() throws IOException {
        Path dir = Require.sharedData("data/nesmdb/valid");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".mid")).sorted().limit(40).toList();
        }
        assertEquals(40, files.size());
        long notes = 0;
        long maxError = 0;
        for (Path p : files) {
            NesSong in = NesMidi.read(p);
            int[] tokens = Tx1Codec.encode(in);
            NesSong decoded = Tx1Codec.decode(tokens, "decoded");
            NesSong out = NesMidi.fromMidi(MidiFile.parse(NesMidi.toBytes(decoded), "out.mid"));
            List<NesNote> a = Tx1Codec.normalise(in.notes());
            PerGapClock clock = new PerGapClock(a, in.endSample());
            assertTrue(a.size() >= in.notes().size() - 2, p + ": normalisation dropped notes");
            for (Voice v : Voice.values()) {
                List<NesNote> av = new ArrayList<>();
                for (NesNote x : a) {
                    if (x.voice() == v) {
                        av.add(x);
                    }
                }
                List<NesNote> bv = out.notes(v);
                assertEquals(av.size(), bv.size(), p + " " + v);
                for (int i = 0; i < av.size(); i++) {
                    NesNote x = av.get(i);
                    NesNote y = bv.get(i);
                    assertEquals(x.pitch(), y.pitch(), p + " " + v + " note " + i);
                    assertEquals(clock.decoded(x.startSample()), y.startSample(), p + " " + v + " note " + i);
                    assertEquals(clock.decoded(x.endSample()), y.endSample(), p + " " + v + " note " + i);
                    maxError = Math.max(maxError, Math.max(Math.abs(x.startSample() - y.startSample()),
                            Math.abs(x.endSample() - y.endSample())));
                }
                notes += av.size();
            }
            assertEquals(clock.decodedEnd(), out.endSample(), p + " end");
        }
        assertTrue(notes > 10_000, "notes " + notes);
        // per-gap rounding errors add up along a song (LakhNES's tokens); the drift stays small against its length
        assertTrue(maxError < 44_100, "max drift " + maxError);
    }
}
