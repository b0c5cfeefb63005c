package org.nesjam.plugin;

import java.util.Arrays;

/**
 * Acts on each live input message once when it comes twice, early ({@link EarlyInput}) and in its block: both copies
 * carry the host's number of the message ({@link EventBuffer#inputSequence}), so the second copy of a number is
 * recognised exactly, whichever path brought it first. A message without a number
 * ({@link EventBuffer#NO_SEQUENCE}) has no other copy and is always a first copy.
 * <p>
 * It remembers the numbers of up to {@code capacity} first copies whose second has not come yet (a copy comes within
 * a period of the other, so a few dozen are plenty); when more are open the oldest is forgotten, and its second copy
 * would count as a first.
 * <p>
 * One consumer thread (a generator's worker, [generator-thread]); allocation-free after construction.
 */
public final class InputCopies {
    private final long[] open;
    private int next;

    /** @param capacity first copies remembered, a power of two */
    public InputCopies(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        open = new long[capacity];
        Arrays.fill(open, EventBuffer.NO_SEQUENCE);
    }

    /** True for the first copy of message {@code inputSequence} (and for any unnumbered one), false for its second. */
    public boolean firstCopy(long inputSequence) {
        if (inputSequence == EventBuffer.NO_SEQUENCE) {
            return true;
        }
        for (int i = 0; i < open.length; i++) {
            if (open[i] == inputSequence) {
                open[i] = EventBuffer.NO_SEQUENCE;
                return false;
            }
        }
        open[next] = inputSequence;
        next = (next + 1) & (open.length - 1);
        return true;
    }
}
