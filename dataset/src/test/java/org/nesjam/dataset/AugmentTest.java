package org.nesjam.dataset;

import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Voice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentTest {
    private static final NesSong SONG = new NesSong("a", List.of(
            new NesNote(Voice.P1, 105, 0, 1000), new NesNote(Voice.P1, 60, 1000, 2000),
            new NesNote(Voice.P2, 35, 0, 2000), new NesNote(Voice.TR, 40, 500, 1500),
            new NesNote(Voice.NO, 16, 100, 200)), 4000);

    @Test
    void transposeMovesPitchedVoicesAndDropsNotesLeavingTheRange() {
        NesSong up = Augment.transpose(SONG, 4);
        assertEquals(List.of(new NesNote(Voice.P2, 39, 0, 2000), new NesNote(Voice.NO, 16, 100, 200),
                new NesNote(Voice.TR, 44, 500, 1500), new NesNote(Voice.P1, 64, 1000, 2000)), up.notes());
        NesSong down = Augment.transpose(SONG, -3);
        assertEquals(4, down.notes().size()); // P2 35 -> 32 < 33 dropped
        assertEquals(102, down.notes(Voice.P1).get(0).pitch());
    }

    @Test
    void stretchSwapAndSelect() {
        NesSong fast = Augment.stretch(SONG, 1.05);
        assertEquals(Math.round(4000 / 1.05), fast.endSample());
        assertEquals(Math.round(1500 / 1.05), fast.notes(Voice.TR).get(0).endSample());
        NesSong swapped = Augment.swapPulses(SONG);
        assertEquals(35, swapped.notes(Voice.P1).get(0).pitch());
        assertEquals(2, swapped.notes(Voice.P2).size());
        NesSong tr = Augment.selectVoices(SONG, EnumSet.of(Voice.TR));
        assertEquals(1, tr.notes().size());
        assertEquals(4000, tr.endSample());
    }

    @Test
    void randomIsSeededAndCoversTheRecipe() {
        assertEquals(Augment.random(SONG, new SplittableRandom(5)), Augment.random(SONG, new SplittableRandom(5)));
        int subsets = 0;
        int changedEnd = 0;
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            NesSong s = Augment.random(SONG, new SplittableRandom(i));
            if (s.notes().stream().map(NesNote::voice).distinct().count() < 4) {
                subsets++;
            }
            if (s.endSample() != 4000) {
                changedEnd++;
            }
            ends.add(s.endSample());
            assertTrue(s.endSample() >= Math.round(4000 / 1.05) && s.endSample() <= Math.round(4000 / 0.95));
        }
        assertTrue(subsets > 150 && subsets < 320, "subsets " + subsets); // ~1/2 plus transposition drops
        assertTrue(changedEnd > 380);
        assertNotEquals(ends.get(0), ends.get(1));
    }
}
