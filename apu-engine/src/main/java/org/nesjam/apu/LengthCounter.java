package org.nesjam.apu;

/** Length counter of one channel (pulse, triangle, noise), clocked on half frames. Not thread-safe. */
public final class LengthCounter {
    /** Loaded values for the 5-bit index in bits 7..3 of $4003/$4007/$400B/$400F. */
    public static final int[] TABLE = {
        10, 254, 20, 2, 40, 4, 80, 6, 160, 8, 60, 10, 14, 12, 26, 14,
        12, 16, 24, 18, 48, 20, 96, 22, 192, 24, 72, 26, 16, 28, 32, 30,
    };

    int value;
    boolean halt;
    boolean enabled;

    /** Load from table index {@code 0..31}; ignored while the channel is disabled in $4015. */
    void load(int index) {
        if (enabled) {
            value = TABLE[index & 31];
        }
    }

    /** $4015 enable bit; clearing it forces the counter to 0. */
    void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            value = 0;
        }
    }

    /** Half-frame clock: count down unless halted or already 0. */
    void clockHalfFrame() {
        if (value > 0 && !halt) {
            value--;
        }
    }

    public int value() {
        return value;
    }

    public boolean active() {
        return value > 0;
    }
}
