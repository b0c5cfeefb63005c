package org.nesjam.gen.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Tx1CodecTest {

    private static NesNote n(Voice v, int pitch, long start, long end) {
        return new NesNote(v, pitch, start, end);
    }

    private static String enc(long end, NesNote... notes) {
        return Tx1Codec.names(Tx1Codec.encode(new NesSong("t", List.of(notes), end)), " ");
    }

    @Test
    void noteOffOnlyWhereTheVoiceFallsSilent() {
        assertEquals("P1_NOTEON_60 WT_500 P2_NOTEON_64 WT_500 P1_NOTEON_62 WT_500 P2_NOTEOFF WT_500 P1_NOTEOFF WT_1000",
                enc(3000, n(Voice.P1, 60, 0, 1000), n(Voice.P1, 62, 1000, 2000), n(Voice.P2, 64, 500, 1500)));
    }

    @Test
    void sameSampleEventsInVoiceOrder() {
        assertEquals("WT_100 P1_NOTEON_72 P2_NOTEON_67 TR_NOTEON_48 NO_NOTEON_3 WT_50 NO_NOTEOFF WT_50 "
                        + "P1_NOTEOFF P2_NOTEOFF TR_NOTEOFF",
                enc(200, n(Voice.NO, 3, 100, 150), n(Voice.TR, 48, 100, 200), n(Voice.P2, 67, 100, 200),
                        n(Voice.P1, 72, 100, 200)));
    }

    @Test
    void noFinalWaitWhenSongEndsAtLastEventAndLongGapsAreOneLongestWait() {
        // LakhNES writes WT_250000 and maps it to the nearest wait in the vocabulary, WT_100000
        assertEquals("WT_100000 TR_NOTEON_40 WT_10 TR_NOTEOFF", enc(250_010, n(Voice.TR, 40, 250_000, 250_010)));
        assertEquals("NO_NOTEON_16 WT_1 NO_NOTEOFF WT_100000", enc(120_001, n(Voice.NO, 16, 0, 1)));
    }

    @Test
    void equalGapsGiveEqualTokens() {
        // a steady rhythm of 4,870 + 1,003 samples: cumulative rounding wrote 4900 1000 4900 970 ...
        List<NesNote> notes = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 40; i++) {
            notes.add(n(Voice.P1, 60 + i % 3, t, t + 4_870));
            t += 4_870 + 1_003;
        }
        int[] tokens = Tx1Codec.encode(new NesSong("steady", notes, t));
        for (int i = 0; i < tokens.length; i++) {
            if (Tx1Vocab.isWait(tokens[i])) {
                assertTrue(tokens[i] == Tx1Vocab.waitId(4_900) || tokens[i] == Tx1Vocab.waitId(1_000),
                        "token " + i + " " + Tx1Vocab.name(tokens[i]));
            }
        }
        assertEquals("P1_NOTEON_60 WT_4900 P1_NOTEOFF WT_1000 P1_NOTEON_61 WT_4900 P1_NOTEOFF WT_1000 P1_NOTEON_62",
                Tx1Codec.names(java.util.Arrays.copyOf(tokens, 9), " "));
    }

    @Test
    void normalisesOverlapsZeroLengthAndRange() {
        assertEquals("P1_NOTEON_60 WT_50 P1_NOTEON_64 WT_50 P1_NOTEOFF",
                enc(100, n(Voice.P1, 60, 0, 80), n(Voice.P1, 64, 50, 100), n(Voice.P1, 65, 70, 70),
                        n(Voice.P1, 20, 0, 100)));
    }

    @Test
    void decodeIsTheInverse() {
        int[] tokens = Tx1Codec.parse("<S> WT_300 P1_NOTEON_60 TR_NOTEON_36 WT_200 P1_NOTEON_62 WT_200 P1_NOTEOFF "
                + "WT_100 TR_NOTEOFF NO_NOTEON_5 WT_10 NO_NOTEOFF <S>");
        NesSong s = Tx1Codec.decode(tokens, "x");
        assertEquals(List.of(n(Voice.P1, 60, 300, 500), n(Voice.TR, 36, 300, 800), n(Voice.P1, 62, 500, 700),
                n(Voice.NO, 5, 800, 810)), s.notes());
        assertEquals(810, s.endSample());
        assertArrayEquals(java.util.Arrays.copyOfRange(tokens, 1, tokens.length - 1), Tx1Codec.encode(s));
    }

    @Test
    void randomSongsRoundTripWithinWaitRounding() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int song = 0; song < 200; song++) {
            List<NesNote> notes = new ArrayList<>();
            for (Voice v : Voice.values()) {
                long t = rnd.nextLong(0, 50_000);
                int count = rnd.nextInt(0, 60);
                for (int i = 0; i < count; i++) {
                    long len = rnd.nextInt(4) == 0 ? rnd.nextLong(1, 100) : rnd.nextLong(1, 60_000);
                    notes.add(n(v, rnd.nextInt(v.minPitch, v.maxPitch + 1), t, t + len));
                    t += len + (rnd.nextBoolean() ? 0 : rnd.nextLong(1, 30_000));
                }
            }
            NesSong in = new NesSong("r" + song, notes, 0);
            in = in.withNotes(notes, in.lastNoteEnd() + rnd.nextLong(0, 200_000));
            NesSong out = Tx1Codec.decode(Tx1Codec.encode(in), "out");
            PerGapClock clock = new PerGapClock(Tx1Codec.normalise(in.notes()), in.endSample());
            assertEquals(in.notes().size(), out.notes().size());
            for (Voice v : Voice.values()) {
                List<NesNote> a = in.notes(v);
                List<NesNote> b = out.notes(v);
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i).pitch(), b.get(i).pitch());
                    assertEquals(clock.decoded(a.get(i).startSample()), b.get(i).startSample(), "start " + v + " " + i);
                    assertEquals(clock.decoded(a.get(i).endSample()), b.get(i).endSample(), "end " + v + " " + i);
                }
            }
            assertEquals(clock.decodedEnd(), out.endSample());
        }
    }

    @Test
    void evalSequenceTrimsWaitsAndSkipsShortSongs() {
        NesSong s = new NesSong("e", List.of(n(Voice.P1, 60, 1000, 2000), n(Voice.P1, 62, 2000, 3000),
                n(Voice.P2, 50, 1000, 3000), n(Voice.TR, 40, 1500, 2500)), 9000);
        assertEquals("<S> P1_NOTEON_60 P2_NOTEON_50 WT_500 TR_NOTEON_40 WT_500 P1_NOTEON_62 WT_500 TR_NOTEOFF "
                + "WT_500 P1_NOTEOFF P2_NOTEOFF <S>", Tx1Codec.names(Tx1Codec.evalSequence(s), " "));
        NesSong shortSong = new NesSong("s", List.of(n(Voice.P1, 60, 1000, 2000), n(Voice.P1, 62, 2000, 3000)), 9000);
        // <S> P1_NOTEON_60 WT_1000 P1_NOTEON_62 WT_1000 P1_NOTEOFF <S> = 7 tokens < 10
        assertNull(Tx1Codec.evalSequence(shortSong));
        assertNull(Tx1Codec.evalSequence(new NesSong("empty", List.of(), 5000)));
    }
}
