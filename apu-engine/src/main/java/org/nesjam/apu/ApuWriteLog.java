package org.nesjam.apu;

import java.util.Arrays;

/**
 * APU register writes recorded in order with the CPU cycle they happen at: the same cycle {@link ApuSynth} would
 * give a write at that sample time ({@code ceil(sampleTime * cpuHz / sampleRate)}). A write at an earlier time than
 * the previous one happens at the previous one's cycle, as in {@link Apu#write}. Grows as needed (not for the
 * audio thread). Threads: one owner.
 */
public final class ApuWriteLog implements ApuWriteTarget {
    private final ApuRegion region;
    private final int sampleRate;
    private long[] cpuCycles = new long[1024];
    private int[] addressValues = new int[1024];
    private int size;

    public ApuWriteLog(ApuRegion region, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate " + sampleRate);
        }
        this.region = region;
        this.sampleRate = sampleRate;
    }

    @Override
    public ApuRegion region() {
        return region;
    }

    @Override
    public void write(long sampleTime, int address, int value) {
        long num = Math.max(0, sampleTime) * region.cpuHzNumerator;
        long den = region.cpuHzDenominator * sampleRate;
        long cpuCycle = (num + den - 1) / den;
        add(size == 0 ? cpuCycle : Math.max(cpuCycle, cpuCycles[size - 1]), address, value);
    }

    /** Append a write at {@code cpuCycle} (not before the last one). */
    public void add(long cpuCycle, int address, int value) {
        if (size > 0 && cpuCycle < cpuCycles[size - 1]) {
            throw new IllegalArgumentException("write at cycle " + cpuCycle + " before " + cpuCycles[size - 1]);
        }
        if (size == cpuCycles.length) {
            cpuCycles = Arrays.copyOf(cpuCycles, size * 2);
            addressValues = Arrays.copyOf(addressValues, size * 2);
        }
        cpuCycles[size] = cpuCycle;
        addressValues[size] = (address & 0xFFFF) << 8 | (value & 0xFF);
        size++;
    }

    public int size() {
        return size;
    }

    /** CPU cycle of write {@code i}. */
    public long cpuCycle(int i) {
        return cpuCycles[i];
    }

    /** Register address ($4000-$4017) of write {@code i}. */
    public int address(int i) {
        return addressValues[i] >>> 8;
    }

    /** Value (0-255) of write {@code i}. */
    public int value(int i) {
        return addressValues[i] & 0xFF;
    }
}
