package org.nesjam.apu;

/**
 * Triangle channel: timer (t + 1 CPU cycles per step) -> gate (linear counter and length counter non-zero) ->
 * 32-step sequencer 15..0 0..15 -> mixer. When a counter reaches 0 the sequencer freezes at its level (it does not
 * go to 0). Ultrasonic periods {@code t < 2} (55.9 kHz and 28 kHz) also freeze the sequencer, as Nes_Snd_Emu
 * and Mesen's SilenceTriangleHighFreq do, so they cannot cost 1.79 M events per second. Not thread-safe.
 */
public final class TriangleChannel {
    static final int[] SEQUENCE = {
        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    };

    final LengthCounter length = new LengthCounter();
    int timer;
    int step;
    long nextStepCycle = 1;
    long eventCycle = Apu.NEVER;
    int linearCounter;
    int linearReload;
    boolean control;
    boolean reloadFlag;
    int output = SEQUENCE[0];

    long periodCycles() {
        return timer + 1L;
    }

    /** True when the sequencer advances on timer clocks. */
    boolean running() {
        return linearCounter > 0 && length.active() && timer >= 2;
    }

    void sync(long cycle) {
        if (nextStepCycle < cycle) {
            long p = periodCycles();
            long n = (cycle - nextStepCycle + p - 1) / p;
            if (running()) {
                step = (int) ((step + n) & 31);
            }
            nextStepCycle += n * p;
        }
    }

    void refresh() {
        output = SEQUENCE[step];
        if (!running()) {
            eventCycle = Apu.NEVER;
            return;
        }
        eventCycle = nextStepCycle + ((step & 15) == 15 ? periodCycles() : 0);
    }

    /** The output changes at {@link #eventCycle} (level repeats at the turns are skipped). */
    void step() {
        long p = periodCycles();
        step = (step + ((step & 15) == 15 ? 2 : 1)) & 31;
        nextStepCycle = eventCycle + p;
        output = SEQUENCE[step];
        eventCycle = nextStepCycle + ((step & 15) == 15 ? p : 0);
    }

    /** $4008: control flag (= length halt) and linear-counter reload value. */
    void writeControl(int value) {
        control = (value & 0x80) != 0;
        length.halt = control;
        linearReload = value & 0x7F;
    }

    void writeTimerLow(int value) {
        timer = (timer & 0x700) | (value & 0xFF);
    }

    /** $400B: timer high, length load, sets the linear-counter reload flag. */
    void writeTimerHigh(int value) {
        timer = (timer & 0xFF) | (value & 7) << 8;
        length.load(value >> 3);
        reloadFlag = true;
    }

    void clockQuarterFrame() {
        if (reloadFlag) {
            linearCounter = linearReload;
        } else if (linearCounter > 0) {
            linearCounter--;
        }
        if (!control) {
            reloadFlag = false;
        }
    }

    public int timer() {
        return timer;
    }

    public int output() {
        return output;
    }

    public int linearCounter() {
        return linearCounter;
    }

    public LengthCounter lengthCounter() {
        return length;
    }
}
