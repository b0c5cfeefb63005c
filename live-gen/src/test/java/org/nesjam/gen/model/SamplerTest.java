package org.nesjam.gen.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final int VOCAB = 631;

    /** The textbook nucleus sampler: every allowed token sorted by probability (ties by id), same random stream. */
    private static int reference(float[] logits, double temperature, int topK, double topP, SplittableRandom random) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] probs = new double[VOCAB];
        double total = 0;
        for (int i = 0; i < VOCAB; i++) {
            probs[i] = (float) Math.exp((logits[i] - max) / temperature);
            total += probs[i];
        }
        Integer[] ids = new Integer[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, Comparator.<Integer>comparingDouble(i -> -probs[i]).thenComparing(i -> -i));
        int n = 0;
        while (n < VOCAB && probs[ids[n]] > 0) {
            n++;
        }
        int keep = topK > 0 ? Math.min(topK, n) : n;
        double kept = 0;
        int count = 0;
        for (int j = 0; j < keep; j++) {
            kept += probs[ids[j]];
            count++;
            if (kept >= topP * total) {
                break;
            }
        }
        double u = random.nextDouble() * kept;
        double acc = 0;
        for (int j = 0; j < count; j++) {
            acc += probs[ids[j]];
            if (u < acc) {
                return ids[j];
            }
        }
        return ids[count - 1];
    }

    @Test
    void nucleusDrawsEqualTheFullSortReference() {
        SplittableRandom gen = new SplittableRandom(42);
        double[] topPs = {0.5, 0.9, 0.98, 0.999};
        int[] topKs = {0, 5, 64};
        int draws = 0;
        int distinct = 0;
        for (double topP : topPs) {
            for (int topK : topKs) {
                for (double temperature : new double[] {0.7, 1.0, 1.4}) {
                    long seed = gen.nextLong();
                    Sampler s = new Sampler(VOCAB, seed).temperature(temperature).topK(topK).topP(topP);
                    SplittableRandom ref = new SplittableRandom(seed);
                    boolean[] seen = new boolean[VOCAB];
                    for (int k = 0; k < 300; k++) {
                        float[] logits = new float[VOCAB];
                        double spread = 1 + gen.nextDouble() * 8; // from flat to peaked distributions
                        for (int i = 0; i < VOCAB; i++) {
                            logits[i] = (float) (gen.nextGaussian() * spread);
                        }
                        if (k % 7 == 0) {
                            logits[gen.nextInt(VOCAB)] = logits[gen.nextInt(VOCAB)]; // ties
                        }
                        int want = reference(logits, temperature, topK, topP, ref);
                        int got = s.sample(logits, null);
                        assertEquals(want, got, "draw " + k + " top-p " + topP + " top-k " + topK + " T "
                                + temperature);
                        if (!seen[got]) {
                            seen[got] = true;
                            distinct++;
                        }
                        draws++;
                    }
                }
            }
        }
        assertTrue(distinct > 1000, "the draws vary (" + distinct + " distinct tokens in " + draws + ")");
    }

    /** A group bias moves draws between a group's tokens and leaves the group's share of the draws alone. */
    @Test
    void groupBiasKeepsEachGroupsProbability() {
        float[] logits = new float[VOCAB];
        int[] groupOf = new int[VOCAB];
        Arrays.fill(groupOf, -1);
        float[] groupBias = new float[VOCAB];
        for (int i = 10; i < 20; i++) {
            groupOf[i] = 0; // ten tokens in group 0; token 10 is disfavoured entirely
            logits[i] = i == 10 ? 6f : 0f;
        }
        groupBias[10] = -30f;
        Sampler plain = new Sampler(VOCAB, 5);
        Sampler biased = new Sampler(VOCAB, 5);
        int draws = 20_000;
        int plainGroup = 0;
        int biasedGroup = 0;
        int biasedTen = 0;
        for (int d = 0; d < draws; d++) {
            int a = plain.sample(logits, null, null, null);
            int b = biased.sample(logits, null, null, null, groupBias, groupOf);
            plainGroup += groupOf[a] == 0 ? 1 : 0;
            biasedGroup += groupOf[b] == 0 ? 1 : 0;
            biasedTen += b == 10 ? 1 : 0;
        }
        assertEquals(0, biasedTen, "the biased token is never drawn");
        // group 0 holds e^6 + 9 of e^6 + 630: about 39 %; both samplers draw it as often (binomial sd ~ 0.35 %)
        assertEquals(plainGroup / (double) draws, biasedGroup / (double) draws, 0.02);
        assertTrue(plainGroup > draws / 4, "group share " + plainGroup);
    }
}
