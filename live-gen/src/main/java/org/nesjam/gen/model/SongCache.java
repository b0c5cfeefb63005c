package org.nesjam.gen.model;

/**
 * An in-song cache n-gram model (Kuhn and De Mori's cache language model) mixed with the Transformer: the song's
 * own past tokens predict the next one, so a motif the song played before becomes likely again. NES music repeats
 * itself (about 37 % of 8-note patterns in the first minute of an NES-MDB song occurred earlier in it); a small
 * model with a bounded context does not, and this mixture gives it that memory at the cost of one scan of the
 * history per token, with no training.
 *
 * <p>Model: orders 1..{@link #MAX_ORDER} (a history of 0..15 tokens), interpolated Witten-Bell style from the highest
 * order down to the Transformer's distribution: {@code P_k(w) = l_k * c_k(w) / C_k + (1 - l_k) * P_(k-1)(w)} with
 * {@code l_k = C_k / (C_k + B_k * U_k)}, {@code B_k = B / ORDER_GAIN^(k-1)}, where {@code c_k(w)} counts the times {@code w} followed the current
 * {@code k-1}-token history within the last {@link #historyTokens()} tokens of the song, {@code C_k} is their sum,
 * {@code U_k} the number of distinct followers, and {@code P_0} the Transformer. {@code B} ({@link #backoff()}) sets
 * how much the cache is trusted: a smaller {@code B} repeats more; {@code B = 0} turns the cache off. The mixture is
 * {@code modelWeight() * P_model(w) + weight(w)}, with {@code weight} non-zero only for tokens the song used.
 *
 * <p>[generation-thread] or the caller's thread: mutable, confined to one thread; allocation-free after
 * construction. It holds no token history of its own: {@link #compute} reads the caller's timeline, so a rollback
 * of the timeline needs nothing here.
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

    private final int vocab;
    private final int historyTokens;
    private final int[][] counts;       // [order][token]
    private final int[][] touched;      // [order][i] tokens with counts[order][token] > 0
    private final int[] touchedCount;   // [order]
    private final int[] total;          // [order] C_k
    private final double[] orderScale;  // [order] 1 / ORDER_GAIN^(k-1)
    private final float[] weight;       // [token] cache weight of the mixture
    private final int[] weightIds;
    private final boolean[] inMix;      // [token] weightIds holds it
    private int weightCount;
    private double modelWeight = 1.0;
    private double backoff;

    public SongCache(int vocabSize, int historyTokens, double backoff) {
        if (historyTokens < 1) {
            throw new IllegalArgumentException("history must be >= 1 token, got " + historyTokens);
        }
        this.vocab = vocabSize;
        this.historyTokens = historyTokens;
        this.counts = new int[MAX_ORDER + 1][vocabSize];
        this.touched = new int[MAX_ORDER + 1][vocabSize];
        this.touchedCount = new int[MAX_ORDER + 1];
        this.total = new int[MAX_ORDER + 1];
        this.weight = new float[vocabSize];
        this.orderScale = new double[MAX_ORDER + 1];
        for (int k = 1; k <= MAX_ORDER; k++) {
            orderScale[k] = Math.pow(ORDER_GAIN, -(k - 1));
        }
        this.weightIds = new int[vocabSize];
        this.inMix = new boolean[vocabSize];
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
        int from = Math.max(songStart, length - historyTokens);
        for (int i = from; i < length; i++) {
            int w = tokens[i];
            int match = 0; // tokens before i equal to the tokens before length, up to MAX_ORDER - 1
            while (match < MAX_ORDER - 1 && i - match - 1 >= songStart
                    && tokens[i - match - 1] == tokens[length - match - 1]) {
                match++;
            }
            for (int k = 1; k <= match + 1; k++) {
                if (counts[k][w]++ == 0) {
                    touched[k][touchedCount[k]++] = w;
                }
                total[k]++;
            }
        }
        double below = 1.0; // weight left for the orders below the current one and the model
        for (int k = MAX_ORDER; k >= 1; k--) {
            int c = total[k];
            if (c == 0) {
                continue;
            }
            int distinct = touchedCount[k];
            double lambda = c / (c + backoff * orderScale[k] * distinct);
            double perCount = below * lambda / c;
            for (int j = 0; j < distinct; j++) {
                int w = touched[k][j];
                if (!inMix[w]) {
                    inMix[w] = true;
                    weightIds[weightCount++] = w;
                }
                weight[w] += (float) (perCount * counts[k][w]);
                counts[k][w] = 0;
            }
            touchedCount[k] = 0;
            total[k] = 0;
            below *= 1 - lambda;
        }
        if (below < MIN_MODEL_WEIGHT) { // the model keeps a say: a loop the cache locks into can still be left
            float scale = (float) ((1 - MIN_MODEL_WEIGHT) / (1 - below));
            for (int i = 0; i < weightCount; i++) {
                weight[weightIds[i]] *= scale;
            }
            below = MIN_MODEL_WEIGHT;
        }
        modelWeight = below;
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
