package org.nesjam.gen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SongCacheTest {
    private static final int V = 16;

    private static double mass(SongCache c) {
        double sum = c.modelWeight();
        for (int i = 0; i < c.weightCount(); i++) {
            sum += c.weight(c.weightIds(i));
        }
        return sum;
    }

    @Test
    void wittenBellInterpolationByHand() {
        // history 5 6 5 6 5: after "5": {6: 2}; after "6 5": {6: 1}; after "5 6 5": {6: 1} (orders 2, 3, 4)
        double b = 5;
        SongCache c = new SongCache(V, 100).backoff(b).modelFloor(0);
        c.compute(new int[] {5, 6, 5, 6, 5}, 0, 5);
        double g = SongCache.ORDER_GAIN; // order k backs off with B / g^(k-1)
        double l4 = 1 / (1 + b / (g * g * g));
        double l3 = 1 / (1 + b / (g * g));
        double l2 = 2 / (2 + b / g);
        assertEquals(l4 + (1 - l4) * l3 + (1 - l4) * (1 - l3) * l2, c.weight(6), 1e-6);
        assertEquals(0, c.weight(5)); // no unigram: 5 never followed a 5
        assertEquals((1 - l4) * (1 - l3) * (1 - l2), c.modelWeight(), 1e-9);
        assertEquals(1.0, mass(c), 1e-6);
        assertEquals(1, c.weightCount());
        // with a floor above that share, the model keeps the floor and the cache's weights shrink to fit
        c.modelFloor(0.5).compute(new int[] {5, 6, 5, 6, 5}, 0, 5);
        assertEquals(0.5, c.modelWeight(), 1e-9);
        assertEquals(0.5, c.weight(6), 1e-6);
    }

    @Test
    void theModelKeepsItsShareInALoop() {
        int[] loop = new int[200];
        for (int i = 0; i < loop.length; i++) {
            loop[i] = 1 + i % 4;
        }
        SongCache c = new SongCache(V, 8192).structure(1);
        c.compute(loop, 0, loop.length);
        assertEquals(SongCache.REPEAT_MODEL_FLOOR, c.modelWeight(), 1e-9);
        assertEquals(1.0, mass(c), 1e-5);
        assertTrue(c.weight(1) > 0.9, "the loop's next token");
        c.structure(SongCache.DEFAULT_STRUCTURE).compute(loop, 0, loop.length);
        assertEquals(SongCache.DEFAULT_MODEL_FLOOR, c.modelWeight(), 1e-9);
    }

    @Test
    void offEmptyAndSongStart() {
        SongCache off = new SongCache(V, 100).backoff(0);
        off.compute(new int[] {1, 2, 1, 2}, 0, 4);
        assertEquals(1.0, off.modelWeight());
        assertEquals(0, off.weightCount());
        SongCache c = new SongCache(V, 100).backoff(12);
        c.compute(new int[] {1, 2, 3}, 3, 3); // nothing of this song yet
        assertEquals(1.0, c.modelWeight());
        c.compute(new int[] {2, 9, 9, 1, 2, 1, 2}, 3, 7); // the "2 9" before the song start is not counted
        assertEquals(0, c.weight(9));
        assertTrue(c.weight(1) > 0);
        assertEquals(1.0, mass(c), 1e-6);
    }

    @Test
    void historyIsBoundedAndRecomputingGivesTheSame() {
        int[] tokens = new int[400];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i < 200 ? 3 : 4 + i % 5;
        }
        SongCache c = new SongCache(V, 100).backoff(12);
        c.compute(tokens, 0, 400);
        assertEquals(0, c.weight(3)); // only the last 100 tokens are read
        float w = c.weight(4);
        c.compute(tokens, 0, 250); // a rollback is only a shorter length
        c.compute(tokens, 0, 400);
        assertEquals(w, c.weight(4));
        assertEquals(1.0, mass(c), 1e-5);
    }

    @Test
    void structureMapsToBackoff() {
        assertEquals(0, SongCache.backoffForStructure(0));
        assertEquals(SongCache.DEFAULT_BACKOFF, SongCache.backoffForStructure(SongCache.DEFAULT_STRUCTURE), 1e-9);
        assertEquals(SongCache.DEFAULT_BACKOFF / 64, SongCache.backoffForStructure(1), 1e-9);
        assertTrue(SongCache.backoffForStructure(0.2) > SongCache.backoffForStructure(0.8));
        assertThrows(IllegalArgumentException.class, () -> SongCache.backoffForStructure(1.5));
        assertEquals(SongCache.DEFAULT_MODEL_FLOOR, SongCache.modelFloorForStructure(0.2));
        assertEquals(SongCache.DEFAULT_MODEL_FLOOR, SongCache.modelFloorForStructure(SongCache.DEFAULT_STRUCTURE));
        assertEquals(SongCache.REPEAT_MODEL_FLOOR, SongCache.modelFloorForStructure(1), 1e-12);
        assertTrue(SongCache.modelFloorForStructure(0.75) < SongCache.DEFAULT_MODEL_FLOOR);
    }

    @Test
    void samplerDrawsFromTheMixture() {
        float[] flat = new float[V];
        int[] song = {7, 8, 7, 8, 7, 8, 7, 8, 7};
        SongCache strong = new SongCache(V, 100).structure(1);
        strong.compute(song, 0, song.length);
        Sampler s = new Sampler(V, 1);
        int eights = 0;
        for (int i = 0; i < 1000; i++) {
            eights += s.sample(flat, null, strong) == 8 ? 1 : 0;
        }
        assertTrue(eights > 900, "8 drawn " + eights + " times");
        TokenMask no8 = new TokenMask();
        no8.allow(8, false);
        for (int i = 0; i < 200; i++) {
            assertTrue(s.sample(flat, no8, strong) != 8);
        }
        // without the cache the flat distribution gives each token about 1/16
        int plain = 0;
        for (int i = 0; i < 1600; i++) {
            plain += s.sample(flat, null, null) == 8 ? 1 : 0;
        }
        assertTrue(plain < 200, "8 drawn " + plain + " times from a flat distribution");
    }

    /**
     * The incremental cache equals a full rescan of the history after every kind of change the callers make: one token
     * appended, rollbacks of 1-300 tokens (regenerated differently), a rewind past the ring (a rebuild), another song
     * in another array, a later song start; on motif-heavy sequences (long matches) and noise.
     */
    @Test
    void incrementalEqualsAFullRescan() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        int vocab = 40;
        for (int history : new int[] {50, 300}) {
            double floor = history == 50 ? 0.05 : 0.3;
            SongCache c = new SongCache(vocab, history).backoff(12).modelFloor(floor);
            ScanningSongCache ref = new ScanningSongCache(vocab, history, 12, floor);
            int[] tokens = new int[60_000];
            int length = 0;
            int songStart = 0;
            int[] motif = new int[24];
            for (int i = 0; i < motif.length; i++) {
                motif[i] = r.nextInt(vocab);
            }
            for (int step = 0; step < 12_000; step++) {
                int what = r.nextInt(1000);
                if (what < 15 && length > songStart + 2) { // a rollback
                    length = Math.max(songStart + 1, length - 1 - r.nextInt(300));
                } else if (what < 16) { // a rewind past the ring: the cache must rebuild
                    length = Math.max(songStart + 1, length - 40_000);
                } else if (what < 18 && length < tokens.length - 10) { // a new song starts later in the same array
                    songStart = length;
                } else if (length < tokens.length) {
                    tokens[length] = r.nextInt(10) < 7 ? motif[(length + step / 500) % motif.length] : r.nextInt(vocab);
                    length++;
                }
                c.compute(tokens, songStart, length);
                ref.compute(tokens, songStart, length);
                assertEquals(ref.modelWeight, c.modelWeight(), 1e-9, "model weight at step " + step);
                for (int w = 0; w < vocab; w++) {
                    assertEquals(ref.weight[w], c.weight(w), 1e-6, "token " + w + " at step " + step);
                }
                if (step % 3000 == 2999) { // another song in another array
                    int[] other = java.util.Arrays.copyOf(tokens, length);
                    other[length / 2] = (other[length / 2] + 1) % vocab;
                    c.compute(other, songStart, length);
                    ref.compute(other, songStart, length);
                    assertEquals(ref.modelWeight, c.modelWeight(), 1e-9);
                    for (int w = 0; w < vocab; w++) {
                        assertEquals(ref.weight[w], c.weight(w), 1e-6);
                    }
                }
            }
        }
    }
}
