package org.nesjam.apu;

/**
 * Frame counter ($4017): quarter-frame (envelopes, linear counter) and half-frame (length counters, sweeps)
 * clocks at the region's step times after each reset point, in 4- or 5-step mode. A $4017 write takes effect
 * 3 CPU cycles later when written on an even cycle, 4 on an odd one (the APU-cycle jitter); the sequence then
 * restarts, and in 5-step mode a quarter and a half frame are clocked at that moment. The power-on state is a
 * 4-step sequence reset at cycle 0 with the IRQ enabled. Not thread-safe.
 */
public final class FrameCounter {
    public static final int QUARTER = 1;
    public static final int HALF = 2;
    public static final int IRQ = 4;

    private final ApuRegion region;
    private boolean fiveStep;
    private boolean irqInhibit;
    private boolean irqFlag;
    private int[] steps;
    private long resetCycle;
    private int stepIndex;
    private long pendingWriteCycle = -1;
    private int pendingValue;

    FrameCounter(ApuRegion region) {
        this.region = region;
        this.steps = region.frameSteps(false);
    }

    /** CPU cycle of the next frame-counter action (step or delayed $4017 write). */
    long nextEventCycle() {
        long step = resetCycle + steps[stepIndex];
        return pendingWriteCycle >= 0 && pendingWriteCycle < step ? pendingWriteCycle : step;
    }

    void write(long cpuCycle, int value) {
        pendingWriteCycle = cpuCycle + ((cpuCycle & 1) == 0 ? 3 : 4);
        pendingValue = value;
        if ((value & 0x40) != 0) {
            irqFlag = false;
        }
    }

    /** Perform the action at {@link #nextEventCycle()}; returns {@link #QUARTER}/{@link #HALF}/{@link #IRQ} bits. */
    int fire() {
        long step = resetCycle + steps[stepIndex];
        if (pendingWriteCycle >= 0 && pendingWriteCycle < step) {
            long at = pendingWriteCycle;
            pendingWriteCycle = -1;
            fiveStep = (pendingValue & 0x80) != 0;
            irqInhibit = (pendingValue & 0x40) != 0;
            if (irqInhibit) {
                irqFlag = false;
            }
            steps = region.frameSteps(fiveStep);
            resetCycle = at;
            stepIndex = 0;
            return fiveStep ? QUARTER | HALF : 0;
        }
        int flags;
        int i = stepIndex;
        if (fiveStep) {
            flags = switch (i) {
                case 0, 2 -> QUARTER;
                case 1, 4 -> QUARTER | HALF;
                default -> 0;
            };
        } else {
            flags = switch (i) {
                case 0, 2 -> QUARTER;
                case 1 -> QUARTER | HALF;
                case 3, 5 -> IRQ;
                default -> QUARTER | HALF | IRQ;
            };
            if ((flags & IRQ) != 0) {
                if (irqInhibit) {
                    flags &= ~IRQ;
                } else {
                    irqFlag = true;
                }
            }
        }
        if (i == steps.length - 1) {
            resetCycle = step;
            stepIndex = 0;
        } else {
            stepIndex = i + 1;
        }
        return flags;
    }

    public boolean fiveStep() {
        return fiveStep;
    }

    boolean irqFlag() {
        return irqFlag;
    }

    void clearIrqFlag() {
        irqFlag = false;
    }
}
