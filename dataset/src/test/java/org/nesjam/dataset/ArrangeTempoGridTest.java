package org.nesjam.dataset;

import org.nesjam.gen.tokens.MidiOutMap;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;
import org.nesjam.midi.TempoMap;

/** {@code nesjam arrange} output on the source's timing grid: division, tempo map, time signatures, note ticks. */
class ArrangeTempoGridTest {
    private static final int Q = 480;
    private static final long BAR = 4L * Q;

    private static void note(List<MidiEvent> ev, int ch, int pitch, long start, long len) {
        ev.add(MidiEvent.channel(start, 0x90 | ch, pitch, 100));
        ev.add(MidiEvent.channel(start + len, 0x80 | ch, pitch, 0));
    }

    private static byte[] tempo(int micros) {
        return new byte[] {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros};
    }

    /** 480 ticks per quarter, 120 bpm, 90 bpm from bar 3, 3/4 from bar 5; melody, bass and drums. */
    private static MidiFile source() throws Exception {
        List<MidiEvent> conductor = new ArrayList<>();
        conductor.add(MidiEvent.meta(0, MidiEvent.META_TEMPO, tempo(500_000)));
        conductor.add(MidiEvent.meta(0, MidiEvent.META_TIME_SIGNATURE, new byte[] {4, 2, 24, 8}));
        conductor.add(MidiEvent.meta(2 * BAR, MidiEvent.META_TEMPO, tempo(666_667)));
        conductor.add(MidiEvent.meta(4 * BAR, MidiEvent.META_TIME_SIGNATURE, new byte[] {3, 2, 24, 8}));
        List<MidiEvent> lead = new ArrayList<>();
        lead.add(MidiEvent.channel(0, 0xC0, 73, 0));
        List<MidiEvent> bass = new ArrayList<>();
        bass.add(MidiEvent.channel(0, 0xC1, 33, 0));
        List<MidiEvent> drums = new ArrayList<>();
        for (int q = 0; q < 24; q++) {
            long t = q * (long) Q;
            note(lead, 0, 72 + q % 5, t + (q % 2) * 120, Q - 120); // off-beat starts too
            if (q % 2 == 0) {
                note(bass, 1, 40 + q % 3, t, 2 * Q);
            }
            note(drums, 9, q % 2 == 0 ? 36 : 38, t, 60);
        }
        List<MidiTrack> tracks = new ArrayList<>();
        for (List<MidiEvent> ev : List.of(conductor, lead, bass, drums)) {
            ev.sort((a, b) -> Long.compare(a.tick(), b.tick()));
        }
        tracks.add(new MidiTrack("", conductor));
        tracks.add(new MidiTrack("Lead", lead));
        tracks.add(new MidiTrack("Bass", bass));
        tracks.add(new MidiTrack("Drums", drums));
        return MidiFile.parse(MidiFileWriter.toBytes(Q, tracks), "src.mid");
    }

    private static List<MidiEvent> metas(MidiFile f, int type) {
        List<MidiEvent> out = new ArrayList<>();
        for (MidiTrack t : f.tracks()) {
            for (MidiEvent e : t.events()) {
                if (e.kind() == MidiEvent.META && e.metaType() == type) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static String describe(List<MidiEvent> events) {
        StringBuilder b = new StringBuilder();
        for (MidiEvent e : events) {
            b.append(e.tick()).append(':').append(Arrays.toString(e.data())).append(' ');
        }
        return b.toString();
    }

    @Test
    void arrangedFileKeepsTheSourceGridAndReadsBackToTheArrangedSamples() throws Exception {
        MidiFile src = source();
        NesSong arranged = Arranger.arrange(src).song();
        MidiFile out = MidiFile.parse(NesMidi.toBytes(arranged, MidiOutMap.NES, src), "out.mid");

        assertEquals(Q, out.division());
        assertEquals(describe(metas(src, MidiEvent.META_TEMPO)), describe(metas(out, MidiEvent.META_TEMPO)));
        List<MidiEvent> outSigs = metas(out, MidiEvent.META_TIME_SIGNATURE);
        List<MidiEvent> srcSigs = metas(src, MidiEvent.META_TIME_SIGNATURE);
        assertEquals(describe(srcSigs), describe(outSigs.subList(0, srcSigs.size())), "the source's meters");
        assertEquals(srcSigs.size() + 1, outSigs.size(), "plus the song-end marker");

        // each arranged note's tick is its source note's tick: the P1 line is the lead, one note per quarter
        TempoMap st = src.tempoMap();
        List<Long> p1Ticks = noteOnTicks(out, "p1");
        assertEquals(24, p1Ticks.size());
        for (int q = 0; q < 24; q++) {
            assertEquals(q * (long) Q + (q % 2) * 120, p1Ticks.get(q), "note " + q);
        }
        List<Long> trTicks = noteOnTicks(out, "tr");
        assertEquals(12, trTicks.size());
        assertEquals(10L * Q, trTicks.get(5), "bass in bar 3, after the tempo change");

        // NesMidi reads the output through its tempo map back to the arranged sample times
        NesSong back = NesMidi.fromMidi(out);
        assertEquals(arranged.notes(Voice.P1), back.notes(Voice.P1));
        assertEquals(arranged.notes(Voice.TR), back.notes(Voice.TR));
        List<NesNote> a = Tx1Codec.normalise(arranged.notes());
        List<NesNote> b = back.notes();
        assertEquals(a.size(), b.size());
        double halfTick = 0.5 * 0.666667 / Q * Tx1Vocab.SAMPLE_RATE + 1; // samples, at the slower tempo
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).voice(), b.get(i).voice());
            assertEquals(a.get(i).pitch(), b.get(i).pitch());
            assertEquals(a.get(i).startSample(), b.get(i).startSample(), "every onset is on the source grid");
            assertTrue(Math.abs(a.get(i).endSample() - b.get(i).endSample()) <= halfTick, a.get(i) + " vs " + b.get(i));
        }
        // the bar-3 tempo change: a note there starts at 4 s (two bars of 2 s at 120 bpm)
        assertEquals(4 * 44_100L, back.notes(Voice.TR).get(4).startSample());
        long end = Math.max(arranged.endSample(), arranged.lastNoteEnd());
        assertTrue(Math.abs(back.endSample() - end) <= halfTick, back.endSample() + " vs " + end);
    }

    @Test
    void nesMidiReadsAnyDivisionAndTempoMap() throws Exception {
        List<MidiEvent> conductor = new ArrayList<>();
        conductor.add(MidiEvent.meta(0, MidiEvent.META_TEMPO, tempo(500_000)));
        conductor.add(MidiEvent.meta(2 * BAR, MidiEvent.META_TEMPO, tempo(1_000_000)));
        List<MidiEvent> p1 = new ArrayList<>();
        note(p1, 0, 60, 0, Q);               // 0 .. 0.5 s
        note(p1, 0, 62, 2 * BAR, Q);         // 4 s .. 5 s (60 bpm)
        note(p1, 0, 64, 2 * BAR + Q, 2 * Q); // 5 s .. 7 s
        p1.sort((a, b) -> Long.compare(a.tick(), b.tick()));
        MidiFile f = MidiFile.parse(MidiFileWriter.toBytes(Q, List.of(new MidiTrack("", conductor),
                new MidiTrack("p1", p1))), "p.mid");
        List<NesNote> notes = NesMidi.fromMidi(f).notes();
        assertEquals(List.of(new NesNote(Voice.P1, 60, 0, 22_050), new NesNote(Voice.P1, 62, 4 * 44_100, 5 * 44_100),
                new NesNote(Voice.P1, 64, 5 * 44_100, 7 * 44_100)), notes);
    }

    /** The ticks of the note-ons in {@code song}'s track {@code name}, in order. */
    private static List<Long> noteOnTicks(MidiFile song, String name) {
        List<Long> ticks = new ArrayList<>();
        for (MidiTrack t : song.tracks()) {
            if (t.name().equals(name)) {
                for (MidiEvent e : t.events()) {
                    if (e.isNoteOn()) {
                        ticks.add(e.tick());
                    }
                }
            }
        }
        return ticks;
    }
}
