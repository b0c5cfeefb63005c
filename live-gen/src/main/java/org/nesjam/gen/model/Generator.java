package org.nesjam.gen.model;

import java.util.Arrays;

/**
 * A token timeline over one {@link ModelRunner}: the tokens so far, sampling the next one, forcing tokens, and
 * rolling back to any earlier length. [generation-thread]: confined to one thread.
 *
 * <p>Rollback to length {@code n}: when the runner's ring still holds the window of token {@code n-1}
 * ({@code n >= runner.minTruncate()}) it only marks cache slots empty; the logits after token {@code n-1} are
 * recomputed with one model step when they are next asked for, so a rollback followed by forced tokens (a player's
 * note) costs no extra step;
 * otherwise the runner is reset and the last {@link #refillTokens} tokens before {@code n} are prefilled again
 * (cost: one prefill of that many tokens). In the first case the result is exactly what generating from scratch
 * gives; in the second the oldest tokens of the window lose their own (deeper) context, a small approximation.
 */
public final class Generator {
    private final ModelRunner runner;
    private final Sampler sampler;
    private int[] tokens = new int[1024];
    private int length;
    /** Timeline index of the runner's position 0. */
    private long base;
    private int refillTokens;
    /** After a cheap rollback: the runner holds the first {@code length} tokens but no logits yet. */
    private boolean logitsPending;

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
        logitsPending = false;
        append(prompt, 0, prompt.length);
        runner.prefill(prompt, 0, prompt.length, null);
    }

    /** Samples the next token under {@code mask} (null = all allowed), feeds it and returns it. */
    public int next(TokenMask mask) throws ModelException {
        int token = sampler.sample(logits(), mask);
        feed(token);
        return token;
    }

    /** Appends {@code token} without sampling (e.g. the player's note). */
    public void feed(int token) throws ModelException {
        runner.step(token);
        logitsPending = false;
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[length++] = token;
    }

    /** The next-token logits (live array, see {@link ModelRunner#logits()}); after a rollback, one model step. */
    public float[] logits() throws ModelException {
        if (logitsPending) {
            long pos = length - base;
            runner.truncate(pos, tokens[length - 1]); // drop token length-1 and step it again: its logits
            logitsPending = false;
        }
        return runner.logits();
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
    public void rollback(int n) throws ModelException {
        if (n < 1 || n > length) {
            throw new IllegalArgumentException("rollback to " + n + " outside 1.." + length);
        }
        long pos = n - base;
        if (pos >= 1 && pos >= runner.minTruncate()) {
            runner.truncate(pos);
            logitsPending = true;
        } else {
            int from = Math.max(0, n - refillTokens);
            runner.reset();
            base = from;
            runner.prefill(tokens, from, n, null);
            logitsPending = false;
        }
        length = n;
    }

    /** True when {@link #rollback(int) rollback(n)} costs one step (no re-prefill). */
    public boolean cheapRollback(int n) {
        long pos = n - base;
        return n >= 1 && n <= length && pos >= 1 && pos >= runner.minTruncate();
    }

    private void append(int[] src, int from, int count) {
        if (length + count > tokens.length) {
            tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, length + count));
        }
        System.arraycopy(src, from, tokens, length, count);
        length += count;
    }
}
