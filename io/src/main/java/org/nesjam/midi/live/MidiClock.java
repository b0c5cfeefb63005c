package org.nesjam.midi.live;

import org.nesjam.plugin.Transport;

/**
 * Follows incoming MIDI clock (0xF8, 24 per quarter note), start (0xFA), continue (0xFB), stop (0xFC) and song
 * position (0xF2) and estimates the sender's tempo.
 * <p>
 * Estimate: a least-squares line through the arrival times of the last {@link #WINDOW_TICKS} clock ticks (one
 * tick per row), so a jitter of one JACK period on each tick (5.3 ms at 256 frames / 48 kHz, a quarter of a tick at
 * 120 BPM) averages out. A tempo change is detected when the mean of the last {@link #CHANGE_TICKS} intervals
 * differs from the estimate by more than {@link #CHANGE_RATIO}; the window then restarts from the newest
 * {@link #MIN_TICKS} ticks, so the estimate follows a new tempo within about one beat. A gap of more than {@link #GAP_NANOS} (or 4 estimated
 * intervals) between ticks restarts the estimate from scratch.
 * <p>
 * Threads: [midi-in-thread] the {@code on*} methods, from one thread at a time (the input that carries the clock);
 * [any-thread] the readers, including the audio thread: they read volatile fields only and allocate nothing.
 */
public final class MidiClock {
    /** MIDI clock ticks per quarter note. */
    public static final int TICKS_PER_QUARTER = 24;
    /** Ticks used by the least-squares fit (two quarter notes). */
    public static final int WINDOW_TICKS = 48;
    /** Ticks needed (since the last restart) before the estimate is trusted. */
    public static final int MIN_TICKS = 7;
    /** Ticks whose mean interval is compared with the estimate to detect a tempo change. */
    public static final int CHANGE_TICKS = 12;
    /** Relative difference that counts as a tempo change. */
    public static final double CHANGE_RATIO = 0.06;
    /** Longest gap between ticks that keeps the estimate (0.5 s: a tick period at 5 BPM). */
    public static final long GAP_NANOS = 500_000_000L;
    /** Tempo range accepted; estimates outside it are ignored. */
    public static final double MIN_BPM = 10.0;
    public static final double MAX_BPM = 999.0;

    // [midi-in-thread] state
    private final long[] tickNanos = new long[WINDOW_TICKS];
    private int count;
    private int head;
    private long totalTicks;

    // published to readers
    private volatile double tempoBpm = Double.NaN;
    private volatile long lastTickNanos;
    private volatile long intervalNanos;
    private volatile boolean transportSeen;
    private volatile boolean running;
    /** Clock ticks since start or since the last song position, plus the song position in ticks. */
    private volatile long positionTicks;

    /** [midi-in-thread] Feed one system message; anything that is not clock/transport is ignored. */
    public void onMessage(int packedMessage, long nanoTime) {
        int st = packedMessage & 0xFF;
        switch (st) {
            case 0xF8:
                onTick(nanoTime);
                break;
            case 0xFA:
                transportSeen = true;
                positionTicks = 0;
                running = true;
                break;
            case 0xFB:
                transportSeen = true;
                running = true;
                break;
            case 0xFC:
                transportSeen = true;
                running = false;
                break;
            case 0xF2: {
                int sixteenths = ((packedMessage >>> 8) & 0x7F) | ((packedMessage >>> 16) & 0x7F) << 7;
                positionTicks = sixteenths * (long) (TICKS_PER_QUARTER / 4);
                break;
            }
            default:
                break;
        }
    }

    /** True for the messages {@link #onMessage} uses: clock, start, continue, stop and song position. */
    public static boolean isClockMessage(int packedMessage) {
        int st = packedMessage & 0xFF;
        return st == 0xF8 || st == 0xFA || st == 0xFB || st == 0xFC || st == 0xF2;
    }

    private void onTick(long nanoTime) {
        totalTicks++;
        if (running || !transportSeen) {
            positionTicks = positionTicks + 1;
        }
        long previous = lastTickNanos;
        lastTickNanos = nanoTime;
        long gapLimit = intervalNanos > 0 ? Math.min(GAP_NANOS, 4 * intervalNanos) : GAP_NANOS;
        if (count > 0 && (nanoTime - previous > gapLimit || nanoTime <= previous - 1_000_000L)) {
            count = 0; // a gap or time going backwards: start over
            intervalNanos = 0;
            tempoBpm = Double.NaN;
        }
        head = (head + 1) % WINDOW_TICKS;
        tickNanos[head] = nanoTime;
        if (count < WINDOW_TICKS) {
            count++;
        }
        if (count < MIN_TICKS) {
            return;
        }
        double slope = fit(count);
        if (count > CHANGE_TICKS + 1) {
            double recent = (tickNanos[head] - tickNanos[index(CHANGE_TICKS)]) / (double) CHANGE_TICKS;
            if (Math.abs(recent - slope) > CHANGE_RATIO * slope) {
                // the change began within the last CHANGE_TICKS ticks, most likely about halfway: keep the newest
                // half, which is at the new tempo, and let the window grow again from there
                count = MIN_TICKS;
                slope = fit(count);
            }
        }
        double bpm = 60e9 / (slope * TICKS_PER_QUARTER);
        if (slope > 0 && bpm >= MIN_BPM && bpm <= MAX_BPM) {
            intervalNanos = (long) slope;
            tempoBpm = bpm;
        }
    }

    /** Index in the ring of the tick {@code back} ticks before the newest. */
    private int index(int back) {
        return Math.floorMod(head - back, WINDOW_TICKS);
    }

    /** Least-squares slope (ns per tick) through the newest {@code n} ticks. */
    private double fit(int n) {
        long t0 = tickNanos[index(n - 1)];
        double sumX = 0;
        double sumY = 0;
        double sumXX = 0;
        double sumXY = 0;
        for (int x = 0; x < n; x++) {
            double y = tickNanos[index(n - 1 - x)] - t0;
            sumX += x;
            sumY += y;
            sumXX += (double) x * x;
            sumXY += x * y;
        }
        double denominator = n * sumXX - sumX * sumX;
        return (n * sumXY - sumX * sumY) / denominator;
    }

    /** [any-thread] Smoothed tempo in BPM, or NaN before enough ticks arrived. */
    public double tempoBpm() {
        return tempoBpm;
    }

    /**
     * [any-thread] True while clock ticks keep arriving: an estimate exists and the last tick is at most
     * 4 estimated intervals (and at most {@link #GAP_NANOS}) before {@code nowNanos}.
     */
    public boolean clockLocked(long nowNanos) {
        long interval = intervalNanos;
        double bpm = tempoBpm;
        if (interval <= 0 || Double.isNaN(bpm)) {
            return false;
        }
        long age = nowNanos - lastTickNanos;
        return age <= Math.min(GAP_NANOS, 4 * interval);
    }

    /** [any-thread] True after start or continue, false after stop; true when no transport message was seen. */
    public boolean playing() {
        return !transportSeen || running;
    }

    /** [any-thread] True once start, stop or continue arrived. */
    public boolean transportSeen() {
        return transportSeen;
    }

    /** [any-thread] Quarter notes since start (or since the last song position pointer). */
    public double beatPosition() {
        return positionTicks / (double) TICKS_PER_QUARTER;
    }

    /** [any-thread] Clock ticks received since construction. */
    public long totalTicks() {
        return totalTicks;
    }

    /**
     * [audio-thread] Copy the clock's view into {@code transport} for the next block. While unlocked, tempo and
     * position are left as they are and {@code clockLocked} is false; {@code playing} follows start/stop once one
     * was seen. Allocation-free.
     */
    public void applyTo(Transport transport, long nowNanos) {
        boolean locked = clockLocked(nowNanos);
        transport.clockLocked = locked;
        if (locked) {
            transport.tempoBpm = tempoBpm;
            transport.beatPosition = beatPosition();
        }
        if (transportSeen) {
            transport.playing = running;
        }
    }
}
