package org.nesjam.apu;

import org.nesjam.apu.blip.BlipBuffer;

/**
 * The 2A03 APU without the DMC: two pulses, triangle, noise and the frame counter, behind the register-level API
 * {@link #write(long, int, int)} in CPU-cycle time. The DMC's output level ($4011) is kept as a constant input of
 * the triangle/noise/DMC mixer (0 at power-on), which is how games use it as a volume control; DMC sample playback
 * is not emulated.
 * <p>
 * Rendering is event-driven (Blargg/Mesen style): the chip runs from one output change to the next, and at each
 * change the <em>mixed</em> level of the channel group is recomputed through the non-linear DAC tables
 * ({@link Mixer}): the two pulses share one group, triangle+noise(+DMC level) the other. The difference of the mixed
 * group level is added to the {@link BlipBuffer} at that cycle, so the mixer non-linearity is exact and the output
 * is band-limited. Pulse changes (and register-write changes) use the full 32-tap kernel; triangle steps and noise
 * changes use the 16-tap kernel, except noise clocked faster than every {@value #NOISE_FAST_BELOW_CYCLES} CPU cycles,
 * which uses a 2-tap (box-filtered) step: at up to 224 000 changes per second a full kernel per change would
 * dominate the render cost, and aliased noise stays noise.
 * <p>
 * Time: {@link #cycle()} only moves forward; a write or run at an earlier cycle happens at the current cycle.
 * Threads: one owner thread; nothing allocates after construction.
 */
public final class Apu {
    /** "No event": an output that cannot change until the next register write or frame clock. */
    public static final long NEVER = Long.MAX_VALUE;
    /** Noise periods (CPU cycles) below this use {@link BlipBuffer#addDeltaFast}. */
    public static final int NOISE_FAST_BELOW_CYCLES = 64;

    private final ApuRegion region;
    private final BlipBuffer out;
    private final PulseChannel pulse1 = new PulseChannel(true);
    private final PulseChannel pulse2 = new PulseChannel(false);
    private final TriangleChannel triangle = new TriangleChannel();
    private final NoiseChannel noise;
    private final FrameCounter frameCounter;
    private int dmcLevel;
    private int pulseLevel;
    private int tndLevel;
    private long cycle;
    private int frameClocksLogged;
    private long[] frameLog;

    public Apu(ApuRegion region, BlipBuffer out) {
        this.region = region;
        this.out = out;
        this.noise = new NoiseChannel(region);
        this.frameCounter = new FrameCounter(region);
        pulseLevel = Mixer.pulseFixed(0, 0);
        tndLevel = Mixer.tndFixed(triangle.output, 0, 0);
        // the power-on level (the triangle rests at step 0, not at 0 V) has always been there: no step, no click
        out.presetLevel(pulseLevel + tndLevel);
    }

    /** The mixed DAC output level at {@link #cycle()}, 0..1. */
    public double level() {
        return (pulseLevel + tndLevel) / (double) Mixer.ONE;
    }

    public ApuRegion region() {
        return region;
    }

    /** Current CPU cycle: everything before it has been rendered. */
    public long cycle() {
        return cycle;
    }

    /** Run the chip up to (not including) CPU cycle {@code endCycle}, adding its output changes to the buffer. */
    public void runTo(long endCycle) {
        while (true) {
            long frameAt = frameCounter.nextEventCycle();
            if (frameAt < endCycle) {
                runPulses(frameAt);
                runTnd(frameAt);
                cycle = Math.max(cycle, frameAt);
                clockFrame();
            } else {
                runPulses(endCycle);
                runTnd(endCycle);
                cycle = Math.max(cycle, endCycle);
                return;
            }
        }
    }

    private void runPulses(long end) {
        PulseChannel a = pulse1;
        PulseChannel b = pulse2;
        int level = pulseLevel;
        while (true) {
            long ea = a.eventCycle;
            long eb = b.eventCycle;
            long e = ea < eb ? ea : eb;
            if (e >= end) {
                break;
            }
            if (ea == e) {
                a.step();
            }
            if (eb == e) {
                b.step();
            }
            int l = Mixer.PULSE_FIXED[a.output + b.output];
            if (l != level) {
                out.addDelta(e, l - level);
                level = l;
            }
        }
        pulseLevel = level;
    }

    private void runTnd(long end) {
        TriangleChannel t = triangle;
        NoiseChannel n = noise;
        int level = tndLevel;
        int dmc = dmcLevel;
        while (true) {
            long et = t.eventCycle;
            long en = n.eventCycle;
            long e = et < en ? et : en;
            if (e >= end) {
                break;
            }
            boolean fast = false;
            if (et == e) {
                t.step();
            }
            if (en == e) {
                n.step();
                fast = et != e && n.periodCycles < NOISE_FAST_BELOW_CYCLES;
            }
            int l = Mixer.TND_FIXED[3 * t.output + 2 * n.output + dmc];
            if (l != level) {
                if (fast) {
                    out.addDeltaFast(e, l - level);
                } else {
                    out.addDeltaShort(e, l - level);
                }
                level = l;
            }
        }
        tndLevel = level;
    }

    private void syncAll() {
        pulse1.sync(cycle);
        pulse2.sync(cycle);
        triangle.sync(cycle);
        noise.sync(cycle);
    }

    /** Recompute every channel's output and next event at {@link #cycle} and emit the mixed-level changes. */
    private void refreshAll() {
        pulse1.refresh();
        pulse2.refresh();
        triangle.refresh();
        noise.refresh();
        emitLevels();
    }

    private void emitLevels() {
        int p = Mixer.PULSE_FIXED[pulse1.output + pulse2.output];
        if (p != pulseLevel) {
            out.addDelta(cycle, p - pulseLevel);
            pulseLevel = p;
        }
        int t = Mixer.TND_FIXED[3 * triangle.output + 2 * noise.output + dmcLevel];
        if (t != tndLevel) {
            out.addDelta(cycle, t - tndLevel);
            tndLevel = t;
        }
    }

    private void clockFrame() {
        syncAll();
        int flags = frameCounter.fire();
        if (frameLog != null && frameClocksLogged < frameLog.length && (flags & (FrameCounter.QUARTER | FrameCounter.HALF)) != 0) {
            frameLog[frameClocksLogged++] = cycle << 2 | (flags & 3);
        }
        if ((flags & FrameCounter.QUARTER) != 0) {
            pulse1.envelope.clockQuarterFrame();
            pulse2.envelope.clockQuarterFrame();
            noise.envelope.clockQuarterFrame();
            triangle.clockQuarterFrame();
        }
        if ((flags & FrameCounter.HALF) != 0) {
            pulse1.clockHalfFrame();
            pulse2.clockHalfFrame();
            triangle.length.clockHalfFrame();
            noise.length.clockHalfFrame();
        }
        refreshAll();
    }

    /**
     * Write {@code value} to APU register {@code address} ($4000-$4017) at {@code cpuCycle}: runs the chip up to
     * that cycle first. Unknown addresses and the DMC's sample registers ($4010, $4012, $4013) are ignored.
     */
    public void write(long cpuCycle, int address, int value) {
        runTo(cpuCycle);
        syncAll();
        value &= 0xFF;
        switch (address) {
            case 0x4000 -> pulse1.writeControl(value);
            case 0x4001 -> pulse1.sweep.write(value);
            case 0x4002 -> pulse1.writeTimerLow(value);
            case 0x4003 -> pulse1.writeTimerHigh(value);
            case 0x4004 -> pulse2.writeControl(value);
            case 0x4005 -> pulse2.sweep.write(value);
            case 0x4006 -> pulse2.writeTimerLow(value);
            case 0x4007 -> pulse2.writeTimerHigh(value);
            case 0x4008 -> triangle.writeControl(value);
            case 0x400A -> triangle.writeTimerLow(value);
            case 0x400B -> triangle.writeTimerHigh(value);
            case 0x400C -> noise.writeControl(value);
            case 0x400E -> noise.writePeriod(value);
            case 0x400F -> noise.writeLength(value);
            case 0x4011 -> dmcLevel = value & 0x7F;
            case 0x4015 -> {
                pulse1.length.setEnabled((value & 1) != 0);
                pulse2.length.setEnabled((value & 2) != 0);
                triangle.length.setEnabled((value & 4) != 0);
                noise.length.setEnabled((value & 8) != 0);
            }
            case 0x4017 -> frameCounter.write(cycle, value);
            default -> {
                return;
            }
        }
        refreshAll();
    }

    /**
     * $4015 read at {@code cpuCycle}: bit 6 frame IRQ, bits 3..0 length counter > 0 for noise, triangle, pulse 2,
     * pulse 1. Clears the frame IRQ flag (no DMC: bits 7 and 4 are 0).
     */
    public int readStatus(long cpuCycle) {
        runTo(cpuCycle);
        int s = (pulse1.length.active() ? 1 : 0) | (pulse2.length.active() ? 2 : 0)
                | (triangle.length.active() ? 4 : 0) | (noise.length.active() ? 8 : 0)
                | (frameCounter.irqFlag() ? 0x40 : 0);
        frameCounter.clearIrqFlag();
        return s;
    }

    public PulseChannel pulse1() {
        return pulse1;
    }

    public PulseChannel pulse2() {
        return pulse2;
    }

    public TriangleChannel triangle() {
        return triangle;
    }

    public NoiseChannel noise() {
        return noise;
    }

    public FrameCounter frameCounter() {
        return frameCounter;
    }

    /**
     * [tests] Record the next {@code capacity} quarter/half-frame clocks as {@code cycle << 2 | flags}
     * (flags: 1 quarter, 2 half). Allocates; call before rendering.
     */
    public void logFrameClocks(int capacity) {
        frameLog = new long[capacity];
        frameClocksLogged = 0;
    }

    /** [tests] The logged frame clocks so far (a copy). */
    public long[] frameClockLog() {
        return frameLog == null ? new long[0] : java.util.Arrays.copyOf(frameLog, frameClocksLogged);
    }
}
