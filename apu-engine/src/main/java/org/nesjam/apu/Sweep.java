package org.nesjam.apu;

/**
 * Sweep unit of one pulse ($4001/$4005). The target period is computed continuously; the channel is muted when
 * {@code t < 8} or the target exceeds $7FF, whether or not the sweep is enabled. Pulse 1 negates with ones'
 * complement ({@code t - (t >> s) - 1}), pulse 2 with two's complement ({@code t - (t >> s)}). Not thread-safe.
 */
public final class Sweep {
    private final boolean onesComplement;
    boolean enabled;
    int period;
    boolean negate;
    int shift;
    int divider;
    boolean reload;

    Sweep(boolean onesComplement) {
        this.onesComplement = onesComplement;
    }

    void write(int value) {
        enabled = (value & 0x80) != 0;
        period = (value >> 4) & 7;
        negate = (value & 0x08) != 0;
        shift = value & 7;
        reload = true;
    }

    /** Target period for current timer {@code t} (may be negative on pulse 1: t - t - 1 with shift 0). */
    public int target(int t) {
        int change = t >> shift;
        if (negate) {
            return onesComplement ? t - change - 1 : t - change;
        }
        return t + change;
    }

    /** The muting rule: t < 8 or target > $7FF. */
    public boolean mutes(int t) {
        return t < 8 || target(t) > 0x7FF;
    }

    /**
     * Half-frame clock. Returns the new timer value (or {@code t} unchanged): the period is updated when the
     * divider is 0, the sweep is enabled, the shift is non-zero and the channel is not muted.
     */
    int clockHalfFrame(int t) {
        int result = t;
        if (divider == 0 && enabled && shift != 0 && !mutes(t)) {
            result = Math.max(0, target(t));
        }
        if (divider == 0 || reload) {
            divider = period;
            reload = false;
        } else {
            divider--;
        }
        return result;
    }
}
