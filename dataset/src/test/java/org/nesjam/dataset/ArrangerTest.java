package org.nesjam.dataset;

import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Voice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiFormatException;
import org.nesjam.midi.MidiTrack;
import org.nesjam.testsupport.SharedSample;

class ArrangerTest {
    /** 480 ticks per quarter at 120 bpm: one quarter = 0.5 s = 22,050 samples. */
    private static final int Q = 480;
    private static final long QS = 22_050;

    private static void note(List<MidiEvent> ev, int ch, int pitch, long start, long len) {
        ev.add(MidiEvent.channel(start, 0x90 | ch, pitch, 100));
        ev.add(MidiEvent.channel(start + len, 0x80 | ch, pitch, 0));
    }

    private static MidiFile file(List<List<MidiEvent>> tracks, List<String> names) throws MidiFormatException {
        List<MidiTrack> t = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            List<MidiEvent> ev = new ArrayList<>(tracks.get(i));
            ev.sort((a, b) -> Long.compare(a.tick(), b.tick()));
            t.add(new MidiTrack(names.get(i), ev));
        }
        return MidiFile.parse(MidiFileWriter.toBytes(Q, t), "song.mid");
    }

    private static MidiFile band() throws MidiFormatException {
        List<MidiEvent> piano = new ArrayList<>();
        piano.add(MidiEvent.channel(0, 0xC0, 0, 0));
        List<MidiEvent> flute = new ArrayList<>();
        flute.add(MidiEvent.channel(0, 0xC1, 73, 0));
        List<MidiEvent> bass = new ArrayList<>();
        bass.add(MidiEvent.channel(0, 0xC2, 33, 0));
        List<MidiEvent> drums = new ArrayList<>();
        for (int bar = 0; bar < 8; bar++) {
            long t = bar * 4L * Q;
            for (int p : new int[] {48, 52, 55}) { // C major chord, whole note
                note(piano, 0, p, t, 4 * Q);
            }
            for (int k = 0; k < 4; k++) { // flute melody in quarters, high
                note(flute, 1, 84 + (k + bar) % 5, t + k * Q, Q);
            }
            note(bass, 2, 28 + bar % 3, t, 2 * Q); // bass in halves, very low (E1..F#1)
            note(bass, 2, 31, t + 2 * Q, 2 * Q);
            note(drums, 9, 36, t, 60);             // kick + closed hat together
            note(drums, 9, 42, t, 60);
            note(drums, 9, 38, t + Q, 60);         // snare
        }
        return file(List.of(piano, flute, bass, drums), List.of("Piano", "Flute", "Bass", "Drums"));
    }

    @Test
    void picksMelodyHarmonyBassAndDrums() throws IOException {
        Arranger.Result r = Arranger.arrange(band());
        NesSong s = r.song();
        assertTrue(r.p1Source().contains("'Flute'"), r.describe());
        assertTrue(r.p2Source().contains("'Piano'"), r.describe());
        assertTrue(r.trSource().contains("'Bass'"), r.describe());
        // melody: 32 quarters, kept in its octave (84..88 lies mostly outside 57..93? no: inside)
        List<NesNote> p1 = s.notes(Voice.P1);
        assertEquals(32, p1.size());
        assertEquals(84, p1.get(0).pitch());
        assertEquals(0, p1.get(0).startSample());
        assertEquals(QS, p1.get(0).endSample());
        // piano chord -> its top note G3 (55), a whole note per bar
        List<NesNote> p2 = s.notes(Voice.P2);
        assertEquals(8, p2.size());
        assertEquals(55, p2.get(0).pitch());
        assertEquals(4 * QS, p2.get(0).lengthSamples());
        // bass 28..31 moved up one octave into the triangle's comfortable range 33..64
        List<NesNote> tr = s.notes(Voice.TR);
        assertEquals(16, tr.size());
        assertEquals(40, tr.get(0).pitch());
        assertEquals(43, tr.get(1).pitch());
        // drums: kick wins over the simultaneous hat; snare on beat 2
        List<NesNote> no = s.notes(Voice.NO);
        assertEquals(16, no.size());
        assertEquals(4, no.get(0).pitch());
        assertEquals(10, no.get(1).pitch());
        assertEquals(QS, no.get(1).startSample());
        assertEquals(Math.round(0.09 * 44_100), no.get(1).lengthSamples());
        assertEquals(8 * 4 * QS, s.endSample());
    }

    @Test
    void soloPianoSplitsIntoMelodyInnerVoiceAndBass() throws IOException {
        List<MidiEvent> piano = new ArrayList<>();
        for (int bar = 0; bar < 4; bar++) {
            long t = bar * 4L * Q;
            note(piano, 0, 36, t, 4 * Q);          // left hand
            note(piano, 0, 64, t, 2 * Q);          // inner voice
            note(piano, 0, 67, t + 2 * Q, 2 * Q);
            for (int k = 0; k < 4; k++) {
                note(piano, 0, 76 + k, t + k * Q, Q); // right-hand melody
            }
        }
        NesSong s = Arranger.arrange(file(List.of(piano), List.of("Piano"))).song();
        assertEquals(16, s.notes(Voice.P1).size());
        assertEquals(76, s.notes(Voice.P1).get(0).pitch());
        assertEquals(List.of(64, 67), s.notes(Voice.P2).stream().limit(2).map(NesNote::pitch).toList());
        assertEquals(4, s.notes(Voice.TR).size());
        assertEquals(36, s.notes(Voice.TR).get(0).pitch());
        assertEquals(0, s.notes(Voice.NO).size());
    }

    @Test
    void stuckNotesAreCappedAndEmptyFilesAreClearErrors() throws IOException {
        List<MidiEvent> t = new ArrayList<>();
        t.add(MidiEvent.channel(0, 0x90, 72, 100)); // never released
        for (int k = 0; k < 10; k++) {
            note(t, 0, 74, 40L * Q + k * Q, Q);
        }
        NesSong s = Arranger.arrange(file(List.of(t), List.of("Lead"))).song();
        NesNote first = s.notes(Voice.P1).get(0);
        assertEquals(72, first.pitch());
        assertEquals(Math.round(Arranger.STUCK_NOTE_SECONDS * 44_100), first.endSample());

        MidiFile empty = file(List.of(List.of(MidiEvent.meta(0, MidiEvent.META_TEMPO, new byte[] {7, (byte) 0xA1, 32}))),
                List.of("Empty"));
        ArrangeException e = assertThrows(ArrangeException.class, () -> Arranger.arrange(empty));
        assertEquals("song.mid: cannot arrange: no notes", e.getMessage());
    }

    @Test
    void nesStyleFilesAreTakenAsTheyAre() throws IOException {
        NesSong song = new NesSong("nes", List.of(new NesNote(Voice.P1, 70, 0, 1000),
                new NesNote(Voice.NO, 3, 500, 900), new NesNote(Voice.TR, 30, 0, 2000)), 5000);
        Arranger.Result r = Arranger.arrange(MidiFile.parse(NesMidi.toBytes(song), "nes.mid"));
        assertEquals(song.notes(), r.song().notes());
        assertEquals(5000, r.song().endSample());
    }

    /** The real-world pool: every file arranges or is rejected with a one-line message (every 95th file, 152 files, extracted under target/). */
    @Test
    void popRockSampleArrangesOrFailsCleanly() throws IOException {
        List<Path> files = SharedSample.files("data/pretrain/pop-rock-midi.tar.gz", ".mid", 95);
        int ok = 0;
        int arranged3 = 0;
        for (int i = 0; i < files.size(); i++) {
            try {
                NesSong s = Arranger.arrange(files.get(i)).song();
                assertTrue(s.endSample() > 0);
                Tx1Codec.encode(s);
                ok++;
                if (!s.notes(Voice.P1).isEmpty() && !s.notes(Voice.P2).isEmpty() && !s.notes(Voice.TR).isEmpty()) {
                    arranged3++;
                }
            } catch (ArrangeException | MidiFormatException e) {
                assertTrue(e.getMessage().startsWith(files.get(i).getFileName().toString()), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"));
            }
        }
        assertTrue(ok >= 140, "arranged " + ok);
        assertTrue(arranged3 >= 120, "with P1, P2 and TR: " + arranged3);
    }
}
