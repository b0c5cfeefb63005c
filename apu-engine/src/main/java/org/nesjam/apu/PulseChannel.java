package org.nesjam.apu;

/**
 * One pulse channel: timer -> 8-step duty sequencer -> gates (sweep mute, length counter, envelope) -> mixer.
 * Event-driven: {@link #eventCycle} is the CPU cycle of the next output change (or {@link Apu#NEVER} while the
 * output cannot change), and steps that do not change the output are skipped arithmetically ({@link #sync}).
 * The sequencer steps every 2 (t + 1) CPU cycles. Writing $4003 resets the sequencer to step 0 but not the timer
 * divider; a new period takes effect at the next timer reload. Not thread-safe; driven by {@link Apu}.
 */
public final class PulseChannel {
    /** Duty sequences, output bit per step, step 0 first (as the hardware reads them after a reset). */
    static final int[][] DUTY = {
        {0, 1, 0, 0, 0, 0, 0, 0},
        {0, 1, 1, 0, 0, 0, 0, 0},
        {0, 1, 1, 1, 1, 0, 0, 0},
        {1, 0, 0, 1, 1, 1, 1, 1},
    };
    /** STEPS_TO_CHANGE[duty][step]: sequencer steps until the output bit differs from the bit at {@code step}. */
    private static final int[][] STEPS_TO_CHANGE = new int[4][8];

    static {
        for (int d = 0; d < 4; d++) {
            for (int s = 0; s < 8; s++) {
                int k = 1;
                while (k < 8 && DUTY[d][(s + k) & 7] == DUTY[d][s]) {
                    k++;
                }
                STEPS_TO_CHANGE[d][s] = k;
            }
        }
    }

    final Envelope envelope = new Envelope();
    final LengthCounter length = new LengthCounter();
    final Sweep sweep;

    int duty;
    int step;
    /** 11-bit timer reload value t. */
    int timer;
    /** CPU cycle of the next sequencer step. */
    long nextStepCycle;
    /** CPU cycle of the next output change, or {@link Apu#NEVER}. */
    long eventCycle = Apu.NEVER;
    /** Current output 0..15. */
    int output;

    PulseChannel(boolean pulse1) {
        sweep = new Sweep(pulse1);
        nextStepCycle = periodCycles();
    }

    long periodCycles() {
        return 2L * (timer + 1);
    }

    /** Apply every sequencer step before {@code cycle} that has not been processed. */
    void sync(long cycle) {
        if (nextStepCycle < cycle) {
            long p = periodCycles();
            long n = (cycle - nextStepCycle + p - 1) / p;
            step = (int) ((step + n) & 7);
            nextStepCycle += n * p;
        }
    }

    boolean muted() {
        return sweep.mutes(timer);
    }

    /** Recompute output and the next event after a state change at (already synced) {@code cycle}. */
    void refresh() {
        int volume = envelope.volume();
        if (!length.active() || volume == 0 || muted()) {
            output = 0;
            eventCycle = Apu.NEVER;
            return;
        }
        output = DUTY[duty][step] * volume;
        eventCycle = nextStepCycle + (STEPS_TO_CHANGE[duty][step] - 1) * periodCycles();
    }

    /** Process the event at {@link #eventCycle}: the output flips. */
    void step() {
        long p = periodCycles();
        step = (step + STEPS_TO_CHANGE[duty][step]) & 7;
        nextStepCycle = eventCycle + p;
        int volume = envelope.volume();
        output = DUTY[duty][step] * volume;
        eventCycle = nextStepCycle + (STEPS_TO_CHANGE[duty][step] - 1) * p;
    }

    /** $4000/$4004. */
    void writeControl(int value) {
        duty = (value >> 6) & 3;
        length.halt = (value & 0x20) != 0;
        envelope.write(value);
    }

    /** $4002/$4006. */
    void writeTimerLow(int value) {
        timer = (timer & 0x700) | (value & 0xFF);
    }

    /** $4003/$4007. */
    void writeTimerHigh(int value) {
        timer = (timer & 0xFF) | (value & 7) << 8;
        length.load(value >> 3);
        step = 0;
        envelope.start = true;
    }

    void clockHalfFrame() {
        length.clockHalfFrame();
        timer = sweep.clockHalfFrame(timer);
    }

    public int timer() {
        return timer;
    }

    public int output() {
        return output;
    }

    public LengthCounter lengthCounter() {
        return length;
    }

    public Envelope envelope() {
        return envelope;
    }

    public Sweep sweep() {
        return sweep;
    }
}
