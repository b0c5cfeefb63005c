package org.nesjam.gen.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws a token from logits with temperature, top-k and top-p (nucleus) filtering and a {@link TokenMask}.
 * Deterministic: the same seed and the same logits give the same tokens (SplittableRandom's algorithm is
 * specified, so this holds across JVMs). [generator-thread]: mutable, not thread-safe; allocation-free after
 * construction.
 */
public final class Sampler {
    private final int vocab;
    private final float[] probs;
    private final long[] order;
    private double temperature = 1.0;
    private int topK;
    private double topP = 1.0;
    private SplittableRandom random;
    /** Most groups {@code groupOf} may name. */
    public static final int MAX_GROUPS = 8;
    private final double[] groupBefore = new double[MAX_GROUPS];
    private final double[] groupAfter = new double[MAX_GROUPS];
    private final float[] groupWeighted;

    public Sampler(int vocabSize, long seed) {
        this.vocab = vocabSize;
        this.probs = new float[vocabSize];
        this.order = new long[vocabSize];
        this.groupWeighted = new float[vocabSize];
        this.random = new SplittableRandom(seed);
    }

    /** Restarts the random stream. */
    public Sampler reseed(long seed) {
        random = new SplittableRandom(seed);
        return this;
    }

    /** Temperature > 0; 1 = the model's distribution, lower = more conservative. */
    public Sampler temperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + t);
        }
        temperature = t;
        return this;
    }

    /** Keep only the k most likely tokens; 0 = off. */
    public Sampler topK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("top-k must be >= 0, got " + k);
        }
        topK = k;
        return this;
    }

    /** Keep the smallest set of most likely tokens whose probability reaches p (0 < p <= 1; 1 = off). */
    public Sampler topP(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + p);
        }
        topP = p;
        return this;
    }

    public double temperature() {
        return temperature;
    }

    public int topK() {
        return topK;
    }

    public double topP() {
        return topP;
    }

    /**
     * A token drawn from {@code logits} (length >= vocab) under {@code mask} (null = all allowed). A forced token in
     * the mask is returned as is (and consumes no randomness). When the mask allows nothing, the most likely token
     * overall is returned.
     */
    public int sample(float[] logits, TokenMask mask) {
        return sample(logits, mask, null);
    }

    /**
     * As {@link #sample(float[], TokenMask)}, from the mixture of the model's tempered, masked distribution with
     * {@code cache} (null or inactive = the model alone; {@link SongCache#compute} must have run for this
     * position): the cache's weights on masked tokens are dropped, the rest renormalised, and top-k / top-p then
     * apply to the mixture.
     */
    public int sample(float[] logits, TokenMask mask, SongCache cache) {
        return sample(logits, mask, cache, null);
    }

    /**
     * As {@link #sample(float[], TokenMask, SongCache)}, with each token's probability in the mixture multiplied by
     * {@code exp(bias[token])} ({@code bias} null = none) before top-k / top-p.
     */
    public int sample(float[] logits, TokenMask mask, SongCache cache, float[] bias) {
        return sample(logits, mask, cache, bias, null, null);
    }

    /**
     * As {@link #sample(float[], TokenMask, SongCache, float[])}, with {@code groupBias} (null = none) applied first
     * and within groups: token {@code i} of group {@code groupOf[i]} (0 .. {@link #MAX_GROUPS} - 1; -1 = in no group,
     * left alone) gets the factor {@code exp(groupBias[i])}, and then each group is scaled back to the probability it
     * had. The bias changes which token of a group is drawn, never how likely the group is (e.g. which pitch a voice
     * plays, not whether it plays a note now). A group whose every token is biased to zero keeps its weights.
     */
    public int sample(float[] logits, TokenMask mask, SongCache cache, float[] bias, float[] groupBias,
                      int[] groupOf) {
        if (mask != null && mask.forced() >= 0) {
            return mask.forced();
        }
        float max = Float.NEGATIVE_INFINITY;
        int argmax = 0;
        int best = -1;
        for (int i = 0; i < vocab; i++) {
            if (logits[i] > logits[argmax]) {
                argmax = i;
            }
            if ((mask == null || mask.allowed(i)) && logits[i] > max) {
                max = logits[i];
                best = i;
            }
        }
        if (best < 0) {
            return argmax;
        }
        double invT = 1.0 / temperature;
        double total = 0;
        for (int i = 0; i < vocab; i++) {
            if (mask == null || mask.allowed(i)) {
                float p = (float) Math.exp((logits[i] - max) * invT);
                probs[i] = p;
                total += p;
            } else {
                probs[i] = 0;
            }
        }
        if (cache != null && cache.active() && cache.weightCount() > 0) {
            float scale = (float) (cache.modelWeight() / total);
            total = 0;
            for (int i = 0; i < vocab; i++) {
                probs[i] *= scale;
            }
            for (int j = 0, n = cache.weightCount(); j < n; j++) {
                int id = cache.weightIds(j);
                if (mask == null || mask.allowed(id)) {
                    probs[id] += cache.weight(id);
                }
            }
            for (int i = 0; i < vocab; i++) {
                total += probs[i];
            }
        }
        if (groupBias != null) {
            java.util.Arrays.fill(groupBefore, 0);
            java.util.Arrays.fill(groupAfter, 0);
            for (int i = 0; i < vocab; i++) {
                int g = groupOf[i];
                if (g >= 0 && probs[i] > 0) {
                    groupBefore[g] += probs[i];
                    float p = groupBias[i] != 0 ? probs[i] * (float) Math.exp(groupBias[i]) : probs[i];
                    groupWeighted[i] = p;
                    groupAfter[g] += p;
                }
            }
            for (int i = 0; i < vocab; i++) {
                int g = groupOf[i];
                if (g >= 0 && probs[i] > 0 && groupAfter[g] > 0) {
                    probs[i] = (float) (groupWeighted[i] * (groupBefore[g] / groupAfter[g]));
                }
            }
            if (bias == null) {
                total = 0;
                for (int i = 0; i < vocab; i++) {
                    total += probs[i];
                }
            }
        }
        if (bias != null) {
            total = 0;
            for (int i = 0; i < vocab; i++) {
                if (bias[i] != 0 && probs[i] > 0) {
                    probs[i] *= (float) Math.exp(bias[i]);
                }
                total += probs[i];
            }
        }
        if (topK <= 0 && topP >= 1.0) {
            double u = random.nextDouble() * total;
            double acc = 0;
            int last = best;
            for (int i = 0; i < vocab; i++) {
                if (probs[i] > 0) {
                    acc += probs[i];
                    last = i;
                    if (u < acc) {
                        return i;
                    }
                }
            }
            return last;
        }
        // Only tokens above `floor` can be in the nucleus: the tokens at or below it weigh at most
        // vocab * floor = (1 - topP) * total together, so those above it already reach topP * total, and the
        // nucleus (the most likely tokens first) ends among them. Sorting them alone gives the same draw as
        // sorting all, at a fraction of the cost (sampling went from about 40 to 15 us a token).
        double floor = topP < 1.0 ? (1.0 - topP) * total / vocab : 0;
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            float p = probs[i];
            if (p > floor && p > 0) {
                // positive floats order like their bit patterns; the low 32 bits carry the id
                order[n++] = ((long) Float.floatToRawIntBits(p) << 32) | i;
            }
        }
        Arrays.sort(order, 0, n); // ascending probability
        int keep = topK > 0 ? Math.min(topK, n) : n;
        double kept = 0;
        int count = 0;
        for (int j = n - 1; j >= n - keep; j--) {
            kept += probs[(int) order[j]];
            count++;
            if (kept >= topP * total) {
                break;
            }
        }
        double u = random.nextDouble() * kept;
        double acc = 0;
        for (int j = n - 1; j >= n - count; j--) {
            int id = (int) order[j];
            acc += probs[id];
            if (u < acc) {
                return id;
            }
        }
        return (int) order[n - count];
    }
}
