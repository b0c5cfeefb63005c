package org.nesjam.gen.model;

import java.util.Arrays;

/**
 * An in-song cache n-gram model (Kuhn and De Mori's cache language model) mixed with the Transformer: the song's
 * own past tokens predict the next one, so a motif the song played before becomes likely again. NES music repeats
 * itself (about 37 % of 8-note patterns in the first minute of an NES-MDB song occurred earlier in it); a small
 * model with a bounded context does not, and this mixture gives it that memory with no training.
 *
 * <p>Model: orders 2..{@link #MAX_ORDER} (a history of 1..15 tokens), interpolated Witten-Bell style from the
 * highest order down to the Transformer's distribution: {@code P_k(w) = l_k * c_k(w) / C_k + (1 - l_k) * P_(k-1)(w)}
 * with {@code l_k = C_k / (C_k + B_k * U_k)}, {@code B_k = B / ORDER_GAIN^(k-1)}, where {@code c_k(w)} counts the
 * times {@code w} followed the current {@code k-1}-token history within the last {@link #historyTokens()} tokens of
 * the song, {@code C_k} is their sum, {@code U_k} the number of distinct followers, and {@code P_1} the Transformer
 * (the song's unigram is left out: on NES-MDB valid it only took probability from the model, see {@link
 * #DEFAULT_BACKOFF}). {@code B} ({@link #backoff()}) sets how much the cache is trusted: a smaller {@code B} repeats
 * more; {@code B = 0} turns the cache off. The model keeps at least {@link #modelFloor()} of the mixture. The mixture
 * is {@code modelWeight() * P_model(w) + weight(w)}, with {@code weight} non-zero only for tokens that followed the
 * current context in the song. A performer's {@link #structure(double)} sets both.
 *
 * <p>Cost: incremental. The cache keeps a ring of the tokens it has seen (a shadow of the caller's timeline), each
 * position's previous occurrence of the same token, and the match length of every position that follows an
 * occurrence of the current last token ({@code m(i)}: how many tokens before {@code i} equal the tokens before the
 * end, at most {@code MAX_ORDER - 1}). Appending token {@code x} visits only the earlier occurrences of {@code x}:
 * {@code m'(j + 1) = min(m(j) + 1, MAX_ORDER - 1)}. A token costs about the number of times the song used it before
 * (not the history's length), and the result equals a full rescan of the history (SongCacheTest checks it against
 * one, with rollbacks).
 *
 * <p>[generator-thread] or the caller's thread: mutable, confined to one thread; allocation-free after
 * construction. {@link #compute} reads the caller's timeline and compares it with its shadow (one vectorised
 * {@link Arrays#mismatch}), so a rollback, a new song or another array needs no call here: the cache rewinds to the
 * first token that differs (or rebuilds from the history when the rewind reaches past its ring).
 */
public final class SongCache {
    /** Highest order: a history of 15 tokens (a bar of NES music is often 30-60 tokens). */
    public static final int MAX_ORDER = 16;
    /**
     * Each order is trusted this much more than the one below: order {@code k} backs off with
     * {@code B / ORDER_GAIN^(k-1)}, so a long exact match (a phrase the song played before) is copied with
     * confidence while the short, ambiguous ones stay close to the model (NES-MDB valid, B = 30, floor 0.3: gain 1.5
     * PPL 5.87, 1.6 5.88; 1.4 at B = 40 5.89).
     */
    public static final double ORDER_GAIN = 1.5;
    /** Tokens of the song's past the cache reads by default (about 2.4 minutes of NES music at 57.5 tokens/s). */
    public static final int DEFAULT_HISTORY_TOKENS = 8192;
    /**
     * The back-off factor {@code B} at the default structure, with {@link #DEFAULT_MODEL_FLOOR}, tuned on NES-MDB
     * valid and on what {@code generate} plays (scripts/music-quality.sh: 10 pieces of 60 s). With the shipped model
     * (model alone PPL 7.96): B = 30 and floor 0.2 give PPL 5.84 and pieces that repeat 0.368 of their 8-note patterns
     * (NES-MDB valid: 0.383); floor 0.1 gives 5.91 but repeats 0.607, floor 0.3 scores 5.83. With the model before it
     * (8.09 alone): floor 0.1 5.95 (repeats 0.350), floor 0.3 5.87 (repeats only 0.154), B = 10 6.21, B = 80 6.0-6.1;
     * the song's unigram as an order 1 cost 0.2-0.3 % at best and 6 % at the weight it had (B = 80, floor 0.05 with
     * the unigram: 6.24, repeats 0.419).
     */
    public static final double DEFAULT_BACKOFF = 30.0;
    /**
     * The share of the mixture the model keeps at the default structure, however often the song repeated its current
     * context: a cache that takes everything both scores worse (no floor: 6.58 at B = 80) and locks the music in short
     * loops (without a floor a 4-token loop, one triangle note, held a whole minute).
     */
    public static final double DEFAULT_MODEL_FLOOR = 0.2;
    /** The floor at structure 1 ("repeat"): still enough for a loop to be left. */
    public static final double REPEAT_MODEL_FLOOR = 0.05;
    /** The structure setting that maps to {@link #DEFAULT_BACKOFF} and {@link #DEFAULT_MODEL_FLOOR}. */
    public static final double DEFAULT_STRUCTURE = 0.5;

    /** Longest match, in tokens before the follower, that counts: orders up to {@link #MAX_ORDER}. */
    private static final int MAX_MATCH = MAX_ORDER - 1;
    /** Positions kept beyond the history: a rollback this deep rewinds instead of rebuilding. */
    private static final int REWIND_SLACK = 512;

    private final int vocab;
    private final int historyTokens;
    // the Witten-Bell sums of one compute
    private final int[][] byMatch;      // [match length][token] followers with exactly that match
    private final int[] cumulative;     // [token] followers with a match >= the current order - 1
    private final int[] followers;      // distinct follower tokens
    private final boolean[] isFollower; // [token]
    private final double[] orderScale;  // [order] 1 / ORDER_GAIN^(k-1)
    private final float[] weight;       // [token] cache weight of the mixture
    private final int[] weightIds;
    private final boolean[] inMix;      // [token] weightIds holds it
    private int weightCount;
    private double modelWeight = 1.0;
    private double backoff;
    private double modelFloor = DEFAULT_MODEL_FLOOR;

    // the incremental state, a function of the caller's tokens [songStart, seen): ring slots hold absolute
    // positions [max(base, seen - ring + 1), seen)
    private final int ringMask;
    private final int[] shadow;         // [slot] the token at that position
    private final int[] prevSame;       // [slot] the previous position of the same token (< base: none)
    private final int[] matchLength;    // [slot] m(i) of the follower at i, valid where matchGen[slot] == gen
    private final int[] matchGen;       // [slot]
    private final int[] lastSeen;       // [token] its last position (< base: none)
    private final int[] active;         // followers i with m(i) >= 1 at the current end, descending
    private int activeCount;
    private int gen;
    private int songStart = -1;
    private int base;                   // the first position processed (>= songStart)
    private int seen;                   // positions < seen are processed

    /** A cache at {@link #DEFAULT_STRUCTURE} reading {@code historyTokens} of the song's past. */
    public SongCache(int vocabSize, int historyTokens) {
        if (historyTokens < 1) {
            throw new IllegalArgumentException("history must be >= 1 token, got " + historyTokens);
        }
        this.vocab = vocabSize;
        this.historyTokens = historyTokens;
        this.byMatch = new int[MAX_ORDER][vocabSize];
        this.cumulative = new int[vocabSize];
        this.followers = new int[vocabSize];
        this.isFollower = new boolean[vocabSize];
        this.weight = new float[vocabSize];
        this.orderScale = new double[MAX_ORDER + 1];
        for (int k = 1; k <= MAX_ORDER; k++) {
            orderScale[k] = Math.pow(ORDER_GAIN, -(k - 1));
        }
        this.weightIds = new int[vocabSize];
        this.inMix = new boolean[vocabSize];
        int ring = Integer.highestOneBit(2 * (historyTokens + MAX_ORDER) + REWIND_SLACK) * 2;
        this.ringMask = ring - 1;
        this.shadow = new int[ring];
        this.prevSame = new int[ring];
        this.matchLength = new int[ring];
        this.matchGen = new int[ring];
        this.active = new int[ring];
        this.lastSeen = new int[vocabSize];
        structure(DEFAULT_STRUCTURE);
    }

    /** A cache with the default history and structure. */
    public SongCache(int vocabSize) {
        this(vocabSize, DEFAULT_HISTORY_TOKENS);
    }

    /**
     * The back-off factor for a performer's structure setting in [0, 1]: 0 = the model alone ("vary"), 0.5 =
     * {@link #DEFAULT_BACKOFF}, 1 = the cache trusted 64 times more than at 0.5 ("repeat"); log-linear between.
     */
    public static double backoffForStructure(double structure) {
        checkStructure(structure);
        return structure == 0 ? 0 : DEFAULT_BACKOFF * Math.pow(64, (DEFAULT_STRUCTURE - structure) / DEFAULT_STRUCTURE);
    }

    /**
     * The model's floor for a structure setting in [0, 1]: {@link #DEFAULT_MODEL_FLOOR} up to the default, then
     * log-linear down to {@link #REPEAT_MODEL_FLOOR} at 1.
     */
    public static double modelFloorForStructure(double structure) {
        checkStructure(structure);
        return structure <= DEFAULT_STRUCTURE ? DEFAULT_MODEL_FLOOR : DEFAULT_MODEL_FLOOR
                * Math.pow(REPEAT_MODEL_FLOOR / DEFAULT_MODEL_FLOOR, (structure - DEFAULT_STRUCTURE) / (1 - DEFAULT_STRUCTURE));
    }

    private static void checkStructure(double structure) {
        if (!(structure >= 0 && structure <= 1)) {
            throw new IllegalArgumentException("structure must be in [0, 1], got " + structure);
        }
    }

    /** Sets the back-off and the model's floor for a performer's structure setting in [0, 1] (0 = off). */
    public SongCache structure(double structure) {
        backoff(backoffForStructure(structure));
        return modelFloor(modelFloorForStructure(structure));
    }

    /** Sets {@code B} (>= 0; 0 = off). */
    public SongCache backoff(double b) {
        if (!(b >= 0) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("back-off must be >= 0, got " + b);
        }
        backoff = b;
        return this;
    }

    /** Sets the least share of the mixture the model keeps, in [0, 1). */
    public SongCache modelFloor(double floor) {
        if (!(floor >= 0 && floor < 1)) {
            throw new IllegalArgumentException("model floor must be in [0, 1), got " + floor);
        }
        modelFloor = floor;
        return this;
    }

    public double modelFloor() {
        return modelFloor;
    }

    public double backoff() {
        return backoff;
    }

    public int historyTokens() {
        return historyTokens;
    }

    /** True when the cache takes part in the mixture. */
    public boolean active() {
        return backoff > 0;
    }

    /**
     * Computes the mixture for the token that follows {@code tokens[songStart, length)}: afterwards
     * {@link #modelWeight()}, {@link #weight(int)} and {@link #weightIds(int)} describe it. Reads at most the last
     * {@link #historyTokens()} tokens. Off ({@link #active()} false): model weight 1 and no cache weights.
     */
    public void compute(int[] tokens, int songStart, int length) {
        for (int i = 0; i < weightCount; i++) {
            weight[weightIds[i]] = 0;
            inMix[weightIds[i]] = false;
        }
        weightCount = 0;
        modelWeight = 1.0;
        if (!active() || length <= songStart) {
            return;
        }
        sync(tokens, songStart, length);
        // orders 2..MAX_ORDER: the followers of earlier occurrences of the current context, bucketed by match
        // length; order k counts the followers whose match is at least k - 1 (a suffix sum over the buckets)
        int followerCount = 0;
        for (int a = 0; a < activeCount; a++) {
            int slot = active[a] & ringMask;
            int w = shadow[slot];
            if (byMatch[matchLength[slot]][w]++ == 0 && !isFollower[w]) {
                isFollower[w] = true;
                followers[followerCount++] = w;
            }
        }
        double below = 1.0; // weight left for the orders below the current one and the model
        int c = 0;          // C_k
        int distinct = 0;   // U_k
        for (int k = MAX_ORDER; k >= 2; k--) {
            int[] bucket = byMatch[k - 1];
            for (int f = 0; f < followerCount; f++) {
                int w = followers[f];
                int b = bucket[w];
                if (b > 0) {
                    distinct += cumulative[w] == 0 ? 1 : 0;
                    cumulative[w] += b;
                    c += b;
                    bucket[w] = 0;
                }
            }
            if (c == 0) {
                continue;
            }
            double lambda = c / (c + backoff * orderScale[k] * distinct);
            double perCount = below * lambda / c;
            for (int f = 0; f < followerCount; f++) {
                int w = followers[f];
                if (cumulative[w] > 0) {
                    addWeight(w, (float) (perCount * cumulative[w]));
                }
            }
            below *= 1 - lambda;
        }
        for (int f = 0; f < followerCount; f++) {
            cumulative[followers[f]] = 0;
            isFollower[followers[f]] = false;
        }
        if (below < modelFloor) { // the model keeps a say: a loop the cache locks into can still be left
            float scale = (float) ((1 - modelFloor) / (1 - below));
            for (int i = 0; i < weightCount; i++) {
                weight[weightIds[i]] *= scale;
            }
            below = modelFloor;
        }
        modelWeight = below;
    }

    private void addWeight(int w, float add) {
        if (!inMix[w]) {
            inMix[w] = true;
            weightIds[weightCount++] = w;
        }
        weight[w] += add;
    }

    /** The first follower position of the window for an end at {@code end}. */
    private int windowStart(int end) {
        return Math.max(base, end - historyTokens);
    }

    /** Brings the state to the caller's {@code tokens[start, length)}: rewind to the first difference, append. */
    private void sync(int[] tokens, int start, int length) {
        // the positions that count: the window and the MAX_MATCH tokens its first followers' matches read
        int need = Math.max(start, length - historyTokens - MAX_MATCH);
        if (start != songStart || need < base || need > seen || need < seen - ringMask) {
            reset(start, Math.max(start, need - REWIND_SLACK));
        }
        int end = Math.min(seen, length);
        int diff = end;
        if (need < end) { // the shadow against the caller's tokens, in at most two ring segments
            int slot = need & ringMask;
            int run = Math.min(end - need, shadow.length - slot);
            int m = Arrays.mismatch(shadow, slot, slot + run, tokens, need, need + run);
            if (m >= 0) {
                diff = need + m;
            } else if (run < end - need) {
                m = Arrays.mismatch(shadow, 0, end - need - run, tokens, need + run, end);
                diff = m >= 0 ? need + run + m : end;
            }
        }
        if (diff < seen) {
            if (Math.max(base, diff - historyTokens - MAX_MATCH) < seen - ringMask) {
                reset(start, Math.max(start, need - REWIND_SLACK)); // the rewind would read overwritten slots
            } else {
                rewind(diff);
            }
        }
        for (int p = seen; p < length; p++) {
            append(tokens[p]);
        }
    }

    private void reset(int start, int first) {
        songStart = start;
        base = first;
        seen = first;
        Arrays.fill(lastSeen, Integer.MIN_VALUE);
        activeCount = 0;
        gen++;
    }

    /**
     * Appends {@code x} at position {@code seen}. The followers of the new end are the positions after earlier
     * occurrences of {@code x}; each one's match is one more than its predecessor's at the previous end, which the
     * previous call left in {@link #matchLength} (its window started at most one position lower, so it covers them).
     */
    private void append(int x) {
        int end = seen + 1;
        int lowest = windowStart(end) - 1; // followers j + 1 inside the window
        int oldGen = gen;
        int newGen = ++gen;
        activeCount = 0;
        for (int j = lastSeen[x]; j >= lowest && j >= base; j = prevSame[j & ringMask]) {
            int js = j & ringMask;
            int before = j - 1 >= base && matchGen[js] == oldGen ? matchLength[js] : 0;
            int is = (j + 1) & ringMask;
            matchLength[is] = Math.min(before + 1, MAX_MATCH);
            matchGen[is] = newGen;
            active[activeCount++] = j + 1;
        }
        int slot = seen & ringMask;
        shadow[slot] = x;
        prevSame[slot] = lastSeen[x];
        lastSeen[x] = seen;
        seen = end;
    }

    /** Drops positions {@code >= p} ({@code > base}) and rebuilds the followers of the new end directly. */
    private void rewind(int p) {
        for (int q = seen - 1; q >= p; q--) {
            int slot = q & ringMask;
            int x = shadow[slot];
            lastSeen[x] = prevSame[slot];
        }
        seen = p;
        int newGen = ++gen;
        activeCount = 0;
        if (seen <= base) {
            return;
        }
        int last = seen - 1;
        int lowest = windowStart(seen) - 1;
        for (int j = prevSame[last & ringMask]; j >= lowest && j >= base; j = prevSame[j & ringMask]) {
            int m = 1;
            while (m < MAX_MATCH && j - m >= base && shadow[(j - m) & ringMask] == shadow[(last - m) & ringMask]) {
                m++;
            }
            int is = (j + 1) & ringMask;
            matchLength[is] = m;
            matchGen[is] = newGen;
            active[activeCount++] = j + 1;
        }
    }

    /** The share of the mixture given to the model's distribution (1 when nothing is cached). */
    public double modelWeight() {
        return modelWeight;
    }

    /** The cache's probability mass on {@code token} (0 for tokens that never followed the current context). */
    public float weight(int token) {
        return weight[token];
    }

    /** Number of tokens with a cache weight. */
    public int weightCount() {
        return weightCount;
    }

    /** The {@code i}-th token with a cache weight ({@code 0 <= i < weightCount()}). */
    public int weightIds(int i) {
        return weightIds[i];
    }

    /** Vocabulary size. */
    public int vocabSize() {
        return vocab;
    }
}
