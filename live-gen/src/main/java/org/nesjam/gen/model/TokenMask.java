package org.nesjam.gen.model;

import java.util.Arrays;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;

/**
 * Which tokens the sampler may draw, plus an optional forced token. [generator-thread]: mutable, not
 * thread-safe; the generator edits it between steps (from control changes it received through its own queue).
 */
public final class TokenMask {
    private final boolean[] allowed = new boolean[Tx1Vocab.SIZE];
    private int forced = -1;

    /** Everything allowed, nothing forced. */
    public TokenMask() {
        allowAll();
    }

    public TokenMask allowAll() {
        Arrays.fill(allowed, true);
        forced = -1;
        return this;
    }

    public TokenMask allow(int token, boolean yes) {
        allowed[token] = yes;
        return this;
    }

    /** Allows or disallows the tokens {@code [from, to)}. */
    public TokenMask allowRange(int from, int to, boolean yes) {
        Arrays.fill(allowed, from, to, yes);
        return this;
    }

    public boolean allowed(int token) {
        return allowed[token];
    }

    /** Disallows {@code <S>} (no song end: endless music). */
    public TokenMask noSeparator() {
        allowed[Tx1Vocab.SEP] = false;
        return this;
    }

    /** Makes this mask equal to {@code other} (allowed tokens and forced token); allocation-free. */
    public TokenMask copyFrom(TokenMask other) {
        System.arraycopy(other.allowed, 0, allowed, 0, allowed.length);
        forced = other.forced;
        return this;
    }

    /** True when at least one of {@code v}'s note-ons is allowed. */
    public boolean allowsNoteOn(Voice v) {
        for (int p = v.minPitch; p <= v.maxPitch; p++) {
            if (allowed[Tx1Vocab.noteOn(v, p)]) {
                return true;
            }
        }
        return false;
    }

    /** Keeps only {@code v}'s note-ons (those allowed now): the next token starts a note of that voice. */
    public TokenMask onlyNoteOns(Voice v) {
        int first = Tx1Vocab.noteOn(v, v.minPitch);
        int last = Tx1Vocab.noteOn(v, v.maxPitch);
        for (int id = 0; id < allowed.length; id++) {
            if (id < first || id > last) {
                allowed[id] = false;
            }
        }
        return this;
    }

    /** Disables a voice: none of its note-ons nor its note-off (e.g. the player owns it). */
    public TokenMask disableVoice(Voice v) {
        int off = Tx1Vocab.noteOff(v);
        for (int id = off; id <= off + v.pitchCount(); id++) {
            allowed[id] = false;
        }
        return this;
    }

    /** Enables all of a voice's tokens again. */
    public TokenMask enableVoice(Voice v) {
        int off = Tx1Vocab.noteOff(v);
        for (int id = off; id <= off + v.pitchCount(); id++) {
            allowed[id] = true;
        }
        return this;
    }

    /** Keeps a voice's note-ons within {@code [lowPitch, highPitch]} (clamped to the voice's range). */
    public TokenMask limitRange(Voice v, int lowPitch, int highPitch) {
        for (int p = v.minPitch; p <= v.maxPitch; p++) {
            allowed[Tx1Vocab.noteOn(v, p)] = p >= lowPitch && p <= highPitch;
        }
        return this;
    }

    /** Forces the next sampled token (-1: none). A forced token is returned even if disallowed. */
    public TokenMask force(int token) {
        if (token < -1 || token >= Tx1Vocab.SIZE) {
            throw new IllegalArgumentException("token id " + token);
        }
        forced = token;
        return this;
    }

    public int forced() {
        return forced;
    }

    /** True when at least one token is allowed. */
    public boolean any() {
        for (boolean b : allowed) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
