package org.nesjam.gen.model;

import java.util.Arrays;

/**
 * A token timeline over one {@link ModelRunner}: the tokens so far, sampling the next one, forcing tokens, and
 * rolling back to any earlier length. [generator-thread]: confined to one thread.
 *
 * <p>Feeding is lazy: {@link #feed} only appends, and the tokens not yet in the runner go through the model in one
 * pass when logits are next asked for ({@link ModelRunner#prefill}: one step for one token, one pinned chunk for up
 * to {@link ModelRunner#SMALL_CHUNK}, as steps where the model has a single-token graph).
 *
 * <p>Rollback to length {@code n}: when the runner's ring still holds the window of token {@code n-1}
 * ({@code n - 1 >= runner.minTruncate()}) it only marks cache slots empty; token {@code n-1} keeps its keys and
 * values, and is fed again (for its logits) only when logits are asked for before any token follows it; otherwise
 * the runner is reset and the last {@link #refillTokens} tokens before {@code n} are fed again (cost: one prefill of
 * that many tokens). In the first case the result is exactly what generating from
 * scratch gives (up to float rounding between chunk and step); in the second the oldest tokens of the window lose
 * their own (deeper) context, a small approximation.
 */
public final class Generator {
    private final ModelRunner runner;
    private final Sampler sampler;
    /** The in-song cache mixed into sampling (null = the model alone). */
    private SongCache cache;
    private int[] tokens = new int[1024];
    private int length;
    /** Tokens {@code [0, fed)} of the timeline are in the runner; {@code [fed, length)} wait for the next pass. */
    private int fed;
    /** Timeline index of the runner's position 0. */
    private long base;
    /** After a cheap rollback: the runner holds token {@code fed - 1} but not the logits after it. */
    private boolean logitsStale;
    private int refillTokens;

    public Generator(ModelRunner runner, Sampler sampler) {
        this.runner = runner;
        this.sampler = sampler;
        this.refillTokens = runner.window();
    }

    public ModelRunner runner() {
        return runner;
    }

    public Sampler sampler() {
        return sampler;
    }

    /** Tokens re-prefilled after a rollback deeper than the ring (default: one window). */
    public Generator refillTokens(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("refill must be >= 1 token");
        }
        refillTokens = n;
        return this;
    }

    /** Clears the timeline and feeds {@code prompt} (at least one token, usually starting with {@code <S>}). */
    public void start(int[] prompt) throws ModelException {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("prompt needs at least one token");
        }
        runner.reset();
        base = 0;
        length = 0;
        fed = 0;
        logitsStale = false;
        append(prompt, 0, prompt.length);
        flush();
    }

    /** Mixes {@code cache} (null = none) into every draw; it reads this generator's timeline from its start. */
    public Generator cache(SongCache c) {
        cache = c;
        return this;
    }

    public SongCache cache() {
        return cache;
    }

    /** Samples the next token under {@code mask} (null = all allowed), feeds it and returns it. */
    public int next(TokenMask mask) throws ModelException {
        int token = sample(mask);
        feed(token);
        return token;
    }

    /** Draws the next token under {@code mask} (null = all allowed) without feeding it. */
    public int sample(TokenMask mask) throws ModelException {
        return sample(mask, null);
    }

    /**
     * Draws the next token under {@code mask} (null = all allowed), with {@code logitBias} (null = none; one value a
     * token, a factor {@code exp(bias)} on the final distribution, after the cache), without feeding it.
     */
    public int sample(TokenMask mask, float[] logitBias) throws ModelException {
        return sample(mask, logitBias, null, null);
    }

    /**
     * As {@link #sample(TokenMask, float[])}, with {@code groupBias} first moving probability within the groups of
     * {@code groupOf} ({@link Sampler#sample(float[], TokenMask, SongCache, float[], float[], int[])}; null = none).
     */
    public int sample(TokenMask mask, float[] logitBias, float[] groupBias, int[] groupOf) throws ModelException {
        float[] lg = logits();
        if (cache != null && cache.active() && (mask == null || mask.forced() < 0)) {
            cache.compute(tokens, 0, length);
            return sampler.sample(lg, mask, cache, logitBias, groupBias, groupOf);
        }
        return sampler.sample(lg, mask, null, logitBias, groupBias, groupOf);
    }

    /** Appends {@code token} without sampling (e.g. the player's note); the model sees it at the next pass. */
    public void feed(int token) {
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[length++] = token;
    }

    /** The next-token logits (live array, see {@link ModelRunner#logits()}); runs the model over unfed tokens. */
    public float[] logits() throws ModelException {
        flush();
        return runner.logits();
    }

    private void flush() throws ModelException {
        if (logitsStale && fed == length) {
            runner.truncate(fed - 1 - base); // nothing followed the kept token: feed it again for its logits
            fed--;
        }
        logitsStale = false;
        if (fed < length) {
            runner.prefill(tokens, fed, length, null);
            fed = length;
        }
    }

    public int length() {
        return length;
    }

    public int token(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return tokens[index];
    }

    /** A copy of the timeline. */
    public int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    /** Keeps the first {@code n} tokens (1 <= n <= length) and makes {@link #logits()} predict token {@code n}. */
    public void rollback(int n) {
        if (n < 1 || n > length) {
            throw new IllegalArgumentException("rollback to " + n + " outside 1.." + length);
        }
        length = n;
        if (n > fed) {
            return; // only unfed tokens dropped
        }
        long pos = n - base;
        if (pos >= 1 && pos - 1 >= runner.minTruncate()) {
            runner.truncate(pos); // see flush: token n-1 is fed again only if nothing follows it
            fed = n;
            logitsStale = true;
        } else {
            int from = Math.max(0, n - refillTokens);
            runner.reset();
            base = from;
            fed = from;
            logitsStale = false;
        }
    }

    /** True when {@link #rollback(int) rollback(n)} needs no re-prefill of the window. */
    public boolean cheapRollback(int n) {
        long pos = n - base;
        return n >= 1 && n <= length && (n > fed || (pos >= 1 && pos - 1 >= runner.minTruncate()));
    }

    private void append(int[] src, int from, int count) {
        if (length + count > tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, length + count));
        }
        System.arraycopy(src, from, tokens, length, count);
        length += count;
    }
}
