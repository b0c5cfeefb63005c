package org.nesjam.gen.model;

import java.util.Arrays;

/**
 * An in-song cache n-gram model (Kuhn and De Mori's cache language model) mixed with the Transformer: the song's
 * own past tokens predict the next one, so a motif the song played before becomes likely again. NES music repeats
 * itself (about 37 % of 8-note patterns in the first minute of an NES-MDB song occurred earlier in it); a small
 * model with a bounded context does not, and this mixture gives it that memory with no training.
 *
 * <p>Model: orders 1..{@link #MAX_ORDER} (a history of 0..15 tokens), interpolated Witten-Bell style from the highest
 * order down to the Transformer's distribution: {@code P_k(w) = l_k * c_k(w) / C_k + (1 - l_k) * P_(k-1)(w)} with
 * {@code l_k = C_k / (C_k + B_k * U_k)}, {@code B_k = B / ORDER_GAIN^(k-1)}, where {@code c_k(w)} counts the times {@code w} followed the current
 * {@code k-1}-token history within the last {@link #historyTokens()} tokens of the song, {@code C_k} is their sum,
 * {@code U_k} the number of distinct followers, and {@code P_0} the Transformer. {@code B} ({@link #backoff()}) sets
 * how much the cache is trusted: a smaller {@code B} repeats more; {@code B = 0} turns the cache off. The mixture is
 * {@code modelWeight() * P_model(w) + weight(w)}, with {@code weight} non-zero only for tokens the song used.
 *
 * <p>Cost: incremental. The cache keeps a ring of the tokens it has seen (a shadow of the caller's timeline), each
 * position's previous occurrence of the same token, the unigram counts of the window and the match length of every
 * position that follows an occurrence of the current last token ({@code m(i)}: how many tokens before {@code i}
 * equal the tokens before the end, at most {@code MAX_ORDER - 1}). Appending token {@code x} visits only the
 * earlier occurrences of {@code x}: {@code m'(j + 1) = min(m(j) + 1, MAX_ORDER - 1)}. A token costs about the number
 * of times the song used it before (not the history's length), and the result equals a full rescan of the history
 * (SongCacheTest checks it against one, with rollbacks).
 *
 * <p>[generation-thread] or the caller's thread: mutable, confined to one thread; allocation-free after
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
     * confidence while the short, ambiguous ones stay close to the model. Measured with the 2026-11 model on NES-MDB
     * valid: orders 1-7 at a flat B = 12 gave PPL 7.48, orders 1-16 at gain 1.5 and B = 220 gave 7.45, and only the
     * latter makes generated music come back to its ideas.
     */
    public static final double ORDER_GAIN = 1.5;
    /** Tokens of the song's past the cache reads by default (about 2.4 minutes of NES music at 57.5 tokens/s). */
    public static final int DEFAULT_HISTORY_TOKENS = 8192;
    /**
     * The back-off factor {@code B} at the default structure: tuned so that 60-s pieces from {@code generate} repeat
     * their 8-note patterns about as often as NES-MDB songs do in their first minute (about 38 %); the valid perplexity
     * is lowest at a somewhat larger {@code B} (README: both figures).
     */
    public static final double DEFAULT_BACKOFF = 80.0;
    /**
     * The least share of the mixture the model keeps, however often the song repeated its current context: without
     * it a short loop (4 tokens, one triangle note) locked the music for a whole minute, since the cache's weight
     * grows with every repeat and nothing the model or the sampler favoured could outweigh it.
     */
    public static final double MIN_MODEL_WEIGHT = 0.05;
    /** The structure setting that maps to {@link #DEFAULT_BACKOFF}. */
    public static final double DEFAULT_STRUCTURE = 0.5;

    /** Longest match, in tokens before the follower, that counts: orders up to {@link #MAX_ORDER}. */
    private static final int MAX_MATCH = MAX_ORDER - 1;
    /** Positions kept beyond the history: a rollback this deep rewinds instead of rebuilding. */
    private static final int REWIND_SLACK = 512;

    private final int vocab;
    private final int historyTokens;
    // the Witten-Bell sums of one compute, orders 2..MAX_ORDER (order 1 is the incremental unigram below)
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
    // unigram counts of the window [unigramFrom, seen), with the list of distinct tokens
    private final int[] unigram;        // [token]
    private final int[] unigramIds;
    private final int[] unigramIndex;   // [token] index in unigramIds, -1: absent
    private int unigramDistinct;
    private int unigramFrom;

    public SongCache(int vocabSize, int historyTokens, double backoff) {
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
        this.unigram = new int[vocabSize];
        this.unigramIds = new int[vocabSize];
        this.unigramIndex = new int[vocabSize];
        backoff(backoff);
    }

    /** A cache with the default history and back-off. */
    public SongCache(int vocabSize) {
        this(vocabSize, DEFAULT_HISTORY_TOKENS, DEFAULT_BACKOFF);
    }

    /**
     * The back-off factor for a performer's structure setting in [0, 1]: 0 = the model alone ("vary"), 0.5 =
     * {@link #DEFAULT_BACKOFF}, 1 = the cache trusted 64 times more than at 0.5 ("repeat"); log-linear between.
     */
    public static double backoffForStructure(double structure) {
        if (!(structure >= 0 && structure <= 1)) {
            throw new IllegalArgumentException("structure must be in [0, 1], got " + structure);
        }
        return structure == 0 ? 0 : DEFAULT_BACKOFF * Math.pow(64, (DEFAULT_STRUCTURE - structure) / DEFAULT_STRUCTURE);
    }

    /** Sets {@code B} (>= 0; 0 = off). */
    public SongCache backoff(double b) {
        if (!(b >= 0) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("back-off must be >= 0, got " + b);
        }
        backoff = b;
        return this;
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
        int c1 = length - unigramFrom;
        double lambda1 = c1 / (c1 + backoff * orderScale[1] * unigramDistinct);
        double perCount1 = below * lambda1 / c1;
        for (int j = 0; j < unigramDistinct; j++) {
            int w = unigramIds[j];
            addWeight(w, (float) (perCount1 * unigram[w]));
        }
        below *= 1 - lambda1;
        if (below < MIN_MODEL_WEIGHT) { // the model keeps a say: a loop the cache locks into can still be left
            float scale = (float) ((1 - MIN_MODEL_WEIGHT) / (1 - below));
            for (int i = 0; i < weightCount; i++) {
                weight[weightIds[i]] *= scale;
            }
            below = MIN_MODEL_WEIGHT;
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
        unigramFrom = first;
        for (int j = 0; j < unigramDistinct; j++) {
            int w = unigramIds[j];
            unigram[w] = 0;
            unigramIndex[w] = -1;
        }
        unigramDistinct = 0;
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
        unigramAdd(x);
        slideUnigram();
    }

    /** Drops positions {@code >= p} ({@code > base}) and rebuilds the followers of the new end directly. */
    private void rewind(int p) {
        for (int q = seen - 1; q >= p; q--) {
            int slot = q & ringMask;
            int x = shadow[slot];
            lastSeen[x] = prevSame[slot];
            if (q >= unigramFrom) {
                unigramRemove(x);
            }
        }
        seen = p;
        unigramFrom = Math.min(unigramFrom, seen);
        int from = windowStart(seen); // the window moves back with the end
        while (unigramFrom > from) {
            unigramAdd(shadow[--unigramFrom & ringMask]);
        }
        slideUnigram();
        int newGen = ++gen;
        activeCount = 0;
        if (seen <= base) {
            return;
        }
        int last = seen - 1;
        int lowest = from - 1;
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

    /** Moves the unigram window's start to the window of the current end. */
    private void slideUnigram() {
        int from = windowStart(seen);
        while (unigramFrom < from && unigramFrom < seen) {
            unigramRemove(shadow[unigramFrom++ & ringMask]);
        }
    }

    private void unigramAdd(int w) {
        if (unigram[w]++ == 0) {
            unigramIndex[w] = unigramDistinct;
            unigramIds[unigramDistinct++] = w;
        }
    }

    private void unigramRemove(int w) {
        if (--unigram[w] == 0) {
            int at = unigramIndex[w];
            int moved = unigramIds[--unigramDistinct];
            unigramIds[at] = moved;
            unigramIndex[moved] = at;
            unigramIndex[w] = -1;
        }
    }

    /** The share of the mixture given to the model's distribution (1 when nothing is cached). */
    public double modelWeight() {
        return modelWeight;
    }

    /** The cache's probability mass on {@code token} (0 for tokens the history never used). */
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
