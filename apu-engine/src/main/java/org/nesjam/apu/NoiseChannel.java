package org.nesjam.apu;

/**
 * Noise channel: timer (period from the region's table, CPU cycles) -> 15-bit LFSR -> gates (length counter,
 * envelope) -> mixer. The output is the envelope volume while LFSR bit 0 is 0. The LFSR powers up to 1 and runs
 * whether or not the channel is heard; runs of equal output bits are skipped in one step using {@link NoiseLfsr}.
 * Not thread-safe.
 */
public final class NoiseChannel {
    final Envelope envelope = new Envelope();
    final LengthCounter length = new LengthCounter();
    private final ApuRegion region;
    int mode;
    int periodIndex;
    long periodCycles;
    /** Position of the LFSR state in the current mode's orbit table. */
    int lfsrIndex;
    long nextClockCycle;
    long eventCycle = Apu.NEVER;
    int output;
    private NoiseLfsr table = NoiseLfsr.mode(0);

    NoiseChannel(ApuRegion region) {
        this.region = region;
        periodCycles = region.noisePeriodCycles(0);
        nextClockCycle = periodCycles;
        lfsrIndex = table.indexOf(1);
    }

    void sync(long cycle) {
        if (nextClockCycle < cycle) {
            long p = periodCycles;
            long n = (cycle - nextClockCycle + p - 1) / p;
            lfsrIndex = table.advance(lfsrIndex, n);
            nextClockCycle += n * p;
        }
    }

    void refresh() {
        int volume = envelope.volume();
        if (!length.active() || volume == 0) {
            output = 0;
            eventCycle = Apu.NEVER;
            return;
        }
        output = (table.state(lfsrIndex) & 1) == 0 ? volume : 0;
        eventCycle = nextClockCycle + (table.run(lfsrIndex) - 1) * periodCycles;
    }

    void step() {
        lfsrIndex = table.afterRun(lfsrIndex);
        nextClockCycle = eventCycle + periodCycles;
        output = (table.state(lfsrIndex) & 1) == 0 ? envelope.volume() : 0;
        eventCycle = nextClockCycle + (table.run(lfsrIndex) - 1) * periodCycles;
    }

    void writeControl(int value) {
        length.halt = (value & 0x20) != 0;
        envelope.write(value);
    }

    /** $400E: mode flag and period index. */
    void writePeriod(int value) {
        int newMode = (value >> 7) & 1;
        if (newMode != mode) {
            int s = table.state(lfsrIndex);
            mode = newMode;
            table = NoiseLfsr.mode(newMode);
            lfsrIndex = table.indexOf(s);
        }
        periodIndex = value & 15;
        periodCycles = region.noisePeriodCycles(periodIndex);
    }

    void writeLength(int value) {
        length.load(value >> 3);
        envelope.start = true;
    }

    /** Current 15-bit shift-register value. */
    public int lfsrState() {
        return table.state(lfsrIndex);
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
}
