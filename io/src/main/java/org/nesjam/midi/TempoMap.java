package org.nesjam.midi;

import java.util.Arrays;

/**
 * Tick <-> seconds for one file: the tempo changes of all tracks merged (format 1 convention) or the
 * fixed SMPTE rate. Immutable and thread-safe.
 */
public final class TempoMap {
    private static final int DEFAULT_TEMPO_MICROS = 500_000;

    private final int division;
    private final double smpteSecondsPerTick;
    private final long[] changeTick;
    private final double[] changeSeconds;
    private final int[] microsPerQuarter;

    /**
     * @param ticks tempo-change ticks in ascending order
     * @param tempos microseconds per quarter at each change
     * @param smpteSecondsPerTick above 0 for SMPTE divisions (tempo changes then do not apply)
     */
    TempoMap(int division, double smpteSecondsPerTick, long[] ticks, int[] tempos) {
        this.division = division;
        this.smpteSecondsPerTick = smpteSecondsPerTick;
        long[] t = new long[ticks.length + 1];
        int[] m = new int[ticks.length + 1];
        m[0] = DEFAULT_TEMPO_MICROS;
        int n = 1;
        for (int i = 0; i < ticks.length; i++) {
            if (ticks[i] == t[n - 1]) {
                m[n - 1] = tempos[i];
            } else {
                t[n] = ticks[i];
                m[n] = tempos[i];
                n++;
            }
        }
        changeTick = Arrays.copyOf(t, n);
        microsPerQuarter = Arrays.copyOf(m, n);
        changeSeconds = new double[n];
        for (int i = 1; i < n; i++) {
            changeSeconds[i] = changeSeconds[i - 1]
                    + (changeTick[i] - changeTick[i - 1]) * (double) microsPerQuarter[i - 1] / 1e6 / division;
        }
    }

    /** Seconds from the file's start to {@code tick}. */
    public double seconds(long tick) {
        if (smpteSecondsPerTick > 0) {
            return tick * smpteSecondsPerTick;
        }
        int i = segment(tick);
        return changeSeconds[i] + (tick - changeTick[i]) * (double) microsPerQuarter[i] / 1e6 / division;
    }

    /** The tick at {@code seconds} (rounded to the nearest tick). */
    public long tickAt(double seconds) {
        if (smpteSecondsPerTick > 0) {
            return Math.round(seconds / smpteSecondsPerTick);
        }
        int n = changeTick.length;
        int i = 0;
        while (i + 1 < n && changeSeconds[i + 1] <= seconds) {
            i++;
        }
        return changeTick[i] + Math.round((seconds - changeSeconds[i]) * 1e6 * division / microsPerQuarter[i]);
    }

    /** True for an SMPTE-timed file (ticks are fixed fractions of a second; tempo changes do not apply). */
    public boolean smpte() {
        return smpteSecondsPerTick > 0;
    }

    /** Tempo in microseconds per quarter note in force at {@code tick}. */
    public int microsPerQuarterAt(long tick) {
        return smpteSecondsPerTick > 0 ? DEFAULT_TEMPO_MICROS : microsPerQuarter[segment(tick)];
    }

    private int segment(long tick) {
        int n = changeTick.length;
        int i = Arrays.binarySearch(changeTick, 0, n, tick);
        if (i < 0) {
            i = -i - 2;
        }
        return Math.max(0, i);
    }
}
