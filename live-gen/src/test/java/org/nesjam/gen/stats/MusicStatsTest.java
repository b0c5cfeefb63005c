package org.nesjam.gen.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.testsupport.Require;

/** {@link MusicStats} on hand-built songs whose figures are known exactly, and on NES-MDB valid. */
class MusicStatsTest {
    static final int RATE = 44_100;
    /** 0.24 s: 12 gap steps of 20 ms. */
    static final int BEAT = 10_584;

    /** {@code count} notes cycling through {@code motif}, one every {@code gapSamples} (each note 0.1 s long). */
    static List<NesNote> motif(Voice v, int[] motif, int count, long gapSamples) {
        List<NesNote> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = i * gapSamples;
            out.add(new NesNote(v, motif[i % motif.length], start, start + RATE / 10));
        }
        return out;
    }

    /** {@code count} notes of one pitch whose onset gaps grow by 40 ms each: no 8-step window ever repeats. */
    static List<NesNote> neverRepeating(Voice v, int count) {
        List<NesNote> out = new ArrayList<>();
        long start = 0;
        for (int i = 0; i < count; i++) {
            out.add(new NesNote(v, 40, start, start + RATE / 20));
            start += (i + 1) * (RATE / 25);
        }
        return out;
    }

    static NesSong song(List<NesNote> notes, double endSeconds) {
        return new NesSong("test", notes, Math.round(endSeconds * RATE));
    }

    static final int[] FOUR = {60, 62, 64, 65};

    @Test
    void aRepeatedFourNoteMotifRepeatsAllButItsFourFirstWindows() {
        // 58 notes: 57 steps, 50 windows; the steps cycle with period 4, so only windows 0..3 are new
        MusicStats.Piece p = MusicStats.analyse(song(motif(Voice.P1, FOUR, 58, BEAT), 20), 60);
        MusicStats.VoiceFigures f = p.voice(Voice.P1);
        assertEquals(58, f.notes());
        assertEquals(50, f.windows());
        assertEquals(46, f.repeatedWindows());
        assertEquals(46 / 50.0, p.repeatedShare(), 1e-12);
        assertTrue(p.inPatternFigure(), "exactly 50 windows counts");
        assertEquals(0, p.voice(Voice.P2).windows());
    }

    @Test
    void onsetGapsAreComparedAfterRoundingTo20Ms() {
        // gaps alternating 240 ms and 244.5 ms (both 12 steps of 20 ms): the same pattern as even gaps
        List<NesNote> jittered = new ArrayList<>();
        long start = 0;
        for (int i = 0; i < 58; i++) {
            jittered.add(new NesNote(Voice.P2, FOUR[i % 4], start, start + 100));
            start += BEAT + (i % 2 == 0 ? 0 : 200);
        }
        assertEquals(46, MusicStats.analyse(song(jittered, 20), 60).voice(Voice.P2).repeatedWindows());
        // gaps of 240 ms and 280 ms (12 and 14 steps) alternating against a period-4 motif: period 4 still
        List<NesNote> swung = new ArrayList<>();
        start = 0;
        for (int i = 0; i < 58; i++) {
            swung.add(new NesNote(Voice.P2, FOUR[i % 4], start, start + 100));
            start += i % 2 == 0 ? BEAT : 12_348;
        }
        assertEquals(46, MusicStats.analyse(song(swung, 20), 60).voice(Voice.P2).repeatedWindows());
        // the same pitches with every gap different: nothing repeats
        assertEquals(0, MusicStats.analyse(song(neverRepeating(Voice.P2, 58), 2000), 2000)
                .voice(Voice.P2).repeatedWindows());
    }

    @Test
    void thePieceFigureSumsWindowsOverVoicesAndTheMeanIsOverPieces() {
        List<NesNote> notes = new ArrayList<>(motif(Voice.P1, FOUR, 58, BEAT)); // 50 windows, 46 repeated
        notes.addAll(neverRepeating(Voice.NO, 20)); // 12 windows, none repeated
        MusicStats.Piece a = MusicStats.analyse(song(notes, 30), 60);
        assertEquals(62, a.windows());
        assertEquals(46 / 62.0, a.repeatedShare(), 1e-12);
        // 108 notes: 100 windows, 96 repeated
        MusicStats.Piece b = MusicStats.analyse(song(motif(Voice.TR, FOUR, 108, BEAT), 30), 60);
        assertEquals(96 / 100.0, b.repeatedShare(), 1e-12);
        MusicStats.Summary s = MusicStats.summarise(List.of(a, b));
        assertEquals(2, s.patternPieces());
        assertEquals((46 / 62.0 + 96 / 100.0) / 2, s.meanRepeatedShare(), 1e-12);
        assertEquals(46 / 50.0, s.voice(Voice.P1).repeatedShare(), 1e-12);
        assertEquals(0.0, s.voice(Voice.NO).repeatedShare(), 1e-12);
        assertEquals(96 / 100.0, s.voice(Voice.TR).repeatedShare(), 1e-12);
        assertTrue(Double.isNaN(s.voice(Voice.P2).repeatedShare()), "no windows: n/a");
    }

    @Test
    void aPieceWithFewerThan50WindowsIsLeftOutOfThePatternFigureOnly() {
        MusicStats.Piece full = MusicStats.analyse(song(motif(Voice.P1, FOUR, 58, BEAT), 20), 60);
        MusicStats.Piece shortOne = MusicStats.analyse(song(neverRepeating(Voice.P1, 57), 2000), 2000); // 49 windows
        assertEquals(49, shortOne.windows());
        assertFalse(shortOne.inPatternFigure());
        MusicStats.Summary s = MusicStats.summarise(List.of(full, shortOne));
        assertEquals(2, s.pieces());
        assertEquals(1, s.patternPieces());
        assertEquals(1, s.shortPieces());
        assertEquals(46 / 50.0, s.meanRepeatedShare(), 1e-12);
        assertEquals(58 + 57, Math.round(s.voice(Voice.P1).notesPerSecond()
                * (full.spanSamples() + shortOne.spanSamples()) / (double) RATE), "notes of both pieces");
        assertTrue(Double.isNaN(MusicStats.summarise(List.of(shortOne)).meanRepeatedShare()));
        assertEquals(0, MusicStats.summarise(List.of()).pieces());
    }

    @Test
    void onlyNotesStartingInsideTheSpanAreAnalysed() {
        // 108 notes, 25.7 s; the first 10 s hold notes 0..41 (a note every 0.24 s, the 43rd at 10.08 s): 34 windows
        MusicStats.Piece p = MusicStats.analyse(song(motif(Voice.P1, FOUR, 108, BEAT), 30), 10);
        assertEquals(10L * RATE, p.spanSamples());
        assertEquals(42, p.voice(Voice.P1).notes());
        assertEquals(34, p.voice(Voice.P1).windows());
        assertEquals(30, p.voice(Voice.P1).repeatedWindows());
        assertThrows(IllegalArgumentException.class, () -> MusicStats.analyse(song(List.of(), 1), 0));
        assertThrows(IllegalArgumentException.class, () -> MusicStats.analyse(song(List.of(), 1), 3601));
    }

    @Test
    void soundingShareAndLongestSilenceCountLeadingAndTrailingSilence() {
        // P1 sounds 1..2 s and 5..8 s, P2 0..0.5 s and 3..13 s (crosses the 10 s cut); song 30 s, first 10 s
        List<NesNote> notes = List.of(new NesNote(Voice.P1, 60, RATE, 2L * RATE),
                new NesNote(Voice.P1, 62, 5L * RATE, 8L * RATE), new NesNote(Voice.P1, 64, 11L * RATE, 12L * RATE),
                new NesNote(Voice.P2, 60, 0, RATE / 2), new NesNote(Voice.P2, 61, 3L * RATE, 13L * RATE));
        MusicStats.Piece p = MusicStats.analyse(song(notes, 30), 10);
        MusicStats.VoiceFigures p1 = p.voice(Voice.P1);
        assertEquals(2, p1.notes(), "the note at 11 s is after the cut");
        assertEquals(4L * RATE, p1.soundingSamples());
        assertEquals(3L * RATE, p1.longestSilenceSamples(), "leading 1 s, gap 3 s, trailing 2 s");
        MusicStats.VoiceFigures p2 = p.voice(Voice.P2);
        assertEquals(7L * RATE + RATE / 2, p2.soundingSamples(), "clipped at the cut");
        assertEquals(10L * RATE, p2.maxNoteSamples(), "note length is not clipped");
        assertEquals(2L * RATE + RATE / 2, p2.longestSilenceSamples());
        assertEquals(10L * RATE, p.voice(Voice.TR).longestSilenceSamples(), "no notes: silent for the whole span");
        // a shorter song: the span ends at the song end (12 s), trailing silence up to it
        MusicStats.Piece shortSong = MusicStats.analyse(song(notes.subList(0, 2), 12), 60);
        assertEquals(12L * RATE, shortSong.spanSamples());
        assertEquals(4L * RATE, shortSong.voice(Voice.P1).longestSilenceSamples(), "trailing 8..12 s");
        MusicStats.Summary s = MusicStats.summarise(List.of(p, shortSong));
        assertEquals(4 / 22.0, s.voice(Voice.P1).notesPerSecond(), 1e-12);
        assertEquals(8 / 22.0, s.voice(Voice.P1).soundingShare(), 1e-12);
        assertEquals(3.5, s.voice(Voice.P1).medianLongestSilenceSeconds(), 1e-12);
        assertEquals(4.0, s.voice(Voice.P1).maxLongestSilenceSeconds(), 1e-12);
    }

    @Test
    void overlappingNotesCountOnceInSoundingTime() {
        List<NesNote> notes = List.of(new NesNote(Voice.NO, 5, 0, 2L * RATE), new NesNote(Voice.NO, 6, RATE, 3L * RATE),
                new NesNote(Voice.NO, 7, RATE, RATE + 10));
        MusicStats.Piece p = MusicStats.analyse(song(notes, 4), 60);
        assertEquals(3L * RATE, p.voice(Voice.NO).soundingSamples());
        assertEquals(RATE, p.voice(Voice.NO).longestSilenceSamples());
    }

    @Test
    void noteLengthQuantilesInterpolateBetweenClosestRanks() {
        // 1001 notes of 0.01 s .. 10.01 s, all at 0: median the 501st (5.01 s), p99.9 the 1000th (10.00 s)
        List<NesNote> notes = new ArrayList<>();
        for (int k = 1; k <= 1001; k++) {
            notes.add(new NesNote(Voice.TR, 40, 0, k * 441L));
        }
        MusicStats.VoiceSummary tr = MusicStats.summarise(List.of(MusicStats.analyse(song(notes, 20), 60)))
                .voice(Voice.TR);
        assertEquals(5.01, tr.medianNoteSeconds(), 1e-9);
        assertEquals(10.00, tr.p999NoteSeconds(), 1e-9);
        assertEquals(10.01, tr.maxNoteSeconds(), 1e-9);
        assertEquals(2.5, MusicStats.quantile(new long[] {1, 2, 3, 4}, 0.5), 1e-12);
        assertEquals(3.997, MusicStats.quantile(new long[] {1, 2, 3, 4}, 0.999), 1e-12);
        assertTrue(Double.isNaN(MusicStats.quantile(new long[0], 0.5)));
        assertEquals(992 / 993.0, tr.repeatedShare(), 1e-12, "993 identical windows (0 semitones, 0 ms)");
        assertTrue(Double.isNaN(MusicStats.summarise(List.of()).voice(Voice.P1).medianNoteSeconds()));
    }

    @Test
    void aNoteOver8SecondsIsADroneAndAVoiceSilent20SecondsIsDeadAir() {
        List<NesNote> busy = new ArrayList<>(); // every voice plays a 1 s note every 5 s for 40 s
        for (Voice v : Voice.values()) {
            for (int i = 0; i < 8; i++) {
                busy.add(new NesNote(v, 10, i * 5L * RATE, i * 5L * RATE + RATE));
            }
        }
        MusicStats.Piece clean = MusicStats.analyse(song(busy, 40), 60);
        assertFalse(clean.hasDrone());
        assertFalse(clean.hasDeadAir());
        List<NesNote> eight = new ArrayList<>(busy);
        eight.add(new NesNote(Voice.P1, 70, RATE, 9L * RATE)); // exactly 8 s: not a drone
        assertFalse(MusicStats.analyse(song(eight, 40), 60).hasDrone());
        List<NesNote> drone = new ArrayList<>(busy);
        drone.add(new NesNote(Voice.P1, 70, RATE, 11L * RATE));
        MusicStats.Piece droned = MusicStats.analyse(song(drone, 40), 60);
        assertTrue(droned.hasDrone());
        assertFalse(droned.hasDeadAir());
        List<NesNote> noTriangle = busy.stream().filter(n -> n.voice() != Voice.TR).toList();
        MusicStats.Piece dead = MusicStats.analyse(song(noTriangle, 40), 60);
        assertTrue(dead.hasDeadAir(), "a voice without notes is silent for the whole 40 s");
        List<NesNote> gap20 = new ArrayList<>(busy.stream().filter(n -> n.voice() != Voice.NO
                || n.startSample() < 10L * RATE || n.startSample() >= 30L * RATE).toList());
        gap20.add(new NesNote(Voice.NO, 3, 26L * RATE, 27L * RATE)); // NO silent 6..26 s: exactly 20 s
        assertTrue(MusicStats.analyse(song(gap20, 40), 60).hasDeadAir());
        List<NesNote> gap19 = busy.stream().filter(n -> n.voice() != Voice.NO || n.startSample() < 15L * RATE
                || n.startSample() >= 35L * RATE).toList(); // NO: silent 11..35 s, shortened below
        List<NesNote> gap19b = new ArrayList<>(gap19);
        gap19b.add(new NesNote(Voice.NO, 3, 11L * RATE, 16L * RATE)); // NO silent 16..35 s: 19 s
        assertFalse(MusicStats.analyse(song(gap19b, 40), 60).hasDeadAir());
        MusicStats.Summary s = MusicStats.summarise(List.of(clean, droned, dead));
        assertEquals(1, s.dronePieces());
        assertEquals(1, s.deadAirPieces());
    }

    @Test
    void nesMdbValidRepeatsAbout37PercentOfItsPatterns() throws IOException {
        Path valid = Require.sharedData("data/nesmdb/valid");
        if (valid == null) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(valid)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".mid")).sorted().limit(60).toList();
        }
        List<MusicStats.Piece> pieces = new ArrayList<>();
        for (Path f : files) {
            pieces.add(MusicStats.analyse(NesMidi.read(f), 60));
        }
        MusicStats.Summary s = MusicStats.summarise(pieces);
        assertTrue(s.patternPieces() >= 30, s.toString());
        assertTrue(s.meanRepeatedShare() > 0.25 && s.meanRepeatedShare() < 0.50, "mean " + s.meanRepeatedShare());
    }
}
