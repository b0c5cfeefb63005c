package org.nesjam.apu;

/**
 * Volume envelope of the pulses and the noise, clocked on quarter frames. The output is the constant volume
 * {@code V} when the constant flag is set, else the decay level, which goes 15 -> 0 in 15 (V + 1) quarter frames
 * after a start (and wraps to 15 when the loop flag is set). Not thread-safe.
 */
public final class Envelope {
    boolean start;
    boolean loop;
    boolean constant;
    int period;
    int divider;
    int decay;

    /** $4000/$4004/$400C bits 5..0: loop (= length halt), constant flag, volume/period. */
    void write(int value) {
        loop = (value & 0x20) != 0;
        constant = (value & 0x10) != 0;
        period = value & 0x0F;
    }

    /** Quarter-frame clock. */
    void clockQuarterFrame() {
        if (start) {
            start = false;
            decay = 15;
            divider = period;
        } else if (divider == 0) {
            divider = period;
            if (decay > 0) {
                decay--;
            } else if (loop) {
                decay = 15;
            }
        } else {
            divider--;
        }
    }

    /** Current output volume 0..15. */
    public int volume() {
        return constant ? period : decay;
    }

    public int decayLevel() {
        return decay;
    }
}
