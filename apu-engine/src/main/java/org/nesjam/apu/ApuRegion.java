package org.nesjam.apu;

/**
 * Console region: CPU clock, noise period table and frame-counter step times. All times are in CPU cycles.
 * The CPU clock is kept as an exact fraction {@link #cpuHzNumerator}/{@link #cpuHzDenominator} (master clock
 * divided by 12 on NTSC, by 16 on PAL) and used everywhere, tests included.
 */
public enum ApuRegion {
    /** RP2A03: 236.25 MHz / 11 / 12 = 19 687 500 / 11 Hz = 1 789 772.727 Hz. */
    NTSC(19_687_500L, 11L,
            new int[] {4, 8, 16, 32, 64, 96, 128, 160, 202, 254, 380, 508, 762, 1016, 2034, 4068},
            new int[] {7457, 14913, 22371, 29828, 29829, 29830},
            new int[] {7457, 14913, 22371, 29829, 37281, 37282}),
    /** RP2A07: 26 601 712.5 Hz / 16 = 53 203 425 / 32 Hz = 1 662 607.031 Hz. */
    PAL(53_203_425L, 32L,
            new int[] {4, 8, 14, 30, 60, 88, 118, 148, 188, 236, 354, 472, 708, 944, 1890, 3778},
            new int[] {8313, 16627, 24939, 33252, 33253, 33254},
            new int[] {8313, 16627, 24939, 33253, 41565, 41566});

    /** CPU clock in Hz = numerator / denominator. */
    public final long cpuHzNumerator;
    public final long cpuHzDenominator;
    private final int[] noisePeriodCycles;
    private final int[] fourStepCycles;
    private final int[] fiveStepCycles;

    ApuRegion(long num, long den, int[] noise, int[] four, int[] five) {
        this.cpuHzNumerator = num;
        this.cpuHzDenominator = den;
        this.noisePeriodCycles = noise;
        this.fourStepCycles = four;
        this.fiveStepCycles = five;
    }

    /** CPU (and APU input) clock in Hz. */
    public double cpuHz() {
        return (double) cpuHzNumerator / cpuHzDenominator;
    }

    /** CPU cycles between noise shift-register clocks for period index {@code 0..15}. */
    public int noisePeriodCycles(int index) {
        return noisePeriodCycles[index & 15];
    }

    /**
     * Frame-counter step times in CPU cycles after the reset point: 4-step mode
     * {QF, QF+HF, QF, IRQ, QF+HF+IRQ, IRQ+restart}; 5-step mode {QF, QF+HF, QF, -, QF+HF, restart}.
     */
    int[] frameSteps(boolean fiveStep) {
        return fiveStep ? fiveStepCycles : fourStepCycles;
    }

    /** Pulse frequency in Hz for timer value {@code t}: fCPU / (16 (t + 1)). */
    public double pulseHz(int t) {
        return cpuHz() / (16.0 * (t + 1));
    }

    /** Triangle frequency in Hz for timer value {@code t}: fCPU / (32 (t + 1)). */
    public double triangleHz(int t) {
        return cpuHz() / (32.0 * (t + 1));
    }
}
