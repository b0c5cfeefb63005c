package org.nesjam.apu;

/**
 * Where APU register writes go on a sample-time axis: the {@link ApuSynth} that renders them, or an
 * {@link ApuWriteLog} that records them. Threads: the owner's.
 */
public interface ApuWriteTarget {
    /** The console region the writes are meant for (timer values depend on its CPU clock). */
    ApuRegion region();

    /** Write {@code value} to register {@code address} ($4000-$4017) at sample time {@code sampleTime}. */
    void write(long sampleTime, int address, int value);
}
