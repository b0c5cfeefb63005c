package org.nesjam.apu;

/**
 * The 15-bit noise shift register, precomputed as orbits so that any number of clocks is one table step.
 * Mode 0 (feedback bit 1) is one orbit of 32 767 states; mode 1 (feedback bit 6) splits the 32 767 non-zero
 * states into 352 orbits of 93 and one of 31. For each mode, states are stored orbit by orbit in a flat array;
 * a position in that array identifies the state. Immutable, thread-safe.
 */
public final class NoiseLfsr {
    static final int STATES = 32767;
    private static final NoiseLfsr[] MODES = {new NoiseLfsr(0), new NoiseLfsr(1)};

    private final short[] state = new short[STATES];
    private final int[] orbitStart = new int[STATES];
    private final int[] orbitLength = new int[STATES];
    /** Clocks from this position until the output bit (bit 0) changes. */
    private final int[] run = new int[STATES];
    /** The position {@code run[i]} clocks after position {@code i} (the next output change). */
    private final int[] afterRun = new int[STATES];
    private final int[] indexOf = new int[STATES + 1];
    private int orbitCount;

    private NoiseLfsr(int mode) {
        boolean[] seen = new boolean[STATES + 1];
        int pos = 0;
        for (int s0 = 1; s0 <= STATES; s0++) {
            if (seen[s0]) {
                continue;
            }
            int start = pos;
            int s = s0;
            do {
                seen[s] = true;
                state[pos] = (short) s;
                indexOf[s] = pos;
                pos++;
                s = clock(s, mode);
            } while (s != s0);
            int len = pos - start;
            orbitCount++;
            for (int i = start; i < pos; i++) {
                orbitStart[i] = start;
                orbitLength[i] = len;
                int bit = state[i] & 1;
                int k = 1;
                while (k < len && (state[start + (i - start + k) % len] & 1) == bit) {
                    k++;
                }
                run[i] = k;
                afterRun[i] = start + (i - start + k) % len;
            }
        }
    }

    /** One shift-register clock of {@code s} in {@code mode}: feedback = bit0 XOR (mode ? bit6 : bit1). */
    public static int clock(int s, int mode) {
        int fb = (s ^ (s >> (mode != 0 ? 6 : 1))) & 1;
        return (s >> 1) | (fb << 14);
    }

    static NoiseLfsr mode(int mode) {
        return MODES[mode & 1];
    }

    int state(int index) {
        return state[index];
    }

    int indexOf(int lfsrState) {
        return indexOf[lfsrState];
    }

    int run(int index) {
        return run[index];
    }

    int afterRun(int index) {
        return afterRun[index];
    }

    int advance(int index, long clocks) {
        int start = orbitStart[index];
        int len = orbitLength[index];
        return start + (int) ((index - start + clocks) % len);
    }

    /** Length of the orbit through {@code lfsrState} in {@code mode}. */
    public static int orbitLength(int mode, int lfsrState) {
        NoiseLfsr t = mode(mode);
        return t.orbitLength[t.indexOf[lfsrState]];
    }

    /** Number of distinct orbits of {@code mode}. */
    public static int orbitCount(int mode) {
        return mode(mode).orbitCount;
    }
}
