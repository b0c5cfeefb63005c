package org.nesjam.gen.jam;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and measurements of one jam. Written by the worker ([generator-thread]) and the plugin
 * ([audio-thread], only the atomic counters); read by any thread (figures may lag a little while running).
 */
public final class JamStats {
    /** Margin histogram bin width and range: 1 ms bins up to 30 s. */
    static final int MARGIN_BINS = 30_000;

    /** Tokens fed to the model (sampled and forced). */
    public final AtomicLong tokens = new AtomicLong();
    /** Moments where the playhead passed the generated timeline (outside a reaction to the player). */
    public final AtomicLong starvations = new AtomicLong();
    /** Rollbacks (player events written, new ideas, control changes). */
    public final AtomicLong rollbacks = new AtomicLong();
    /** Model events emitted by the plugin after their time (reactions to the player included). */
    public final AtomicLong lateEvents = new AtomicLong();
    /** Late events while no rollback was pending: the starvation that reached the audio. */
    public final AtomicLong lateEventsNoRollback = new AtomicLong();
    /** Model events emitted by the plugin. */
    public final AtomicLong emittedEvents = new AtomicLong();
    /** Notes ended by the plugin's hang guard or a rollback's stray-note cleanup. */
    public final AtomicLong guardNoteOffs = new AtomicLong();
    /** Rollbacks deeper than the KV ring's rollback slots (re-prefill of a window instead of one step). */
    public final AtomicLong deepRollbacks = new AtomicLong();
    /** Tokens fed while reacting to the player (rollback step excluded), summed over reactions. */
    public final AtomicLong reactionTokens = new AtomicLong();
    /** Player notes the worker took from the MIDI threads' fast path (their audio-thread copies were dropped). */
    public final AtomicLong fastPathNotes = new AtomicLong();
    /** Model note-ons dropped because the voice ran more than half a beat ahead of the host's grid. */
    public final AtomicLong gridDroppedNotes = new AtomicLong();
    /** Chords the player set on the chord source (harmony following). */
    public final AtomicLong chords = new AtomicLong();
    /** Events the plugin could not hold (pending buffer full). */
    public final AtomicLong pendingOverflow = new AtomicLong();
    /**
     * MIDI clock ticks the host clock counted as lost from their gap, ticks it left out as received twice, and jumps
     * of its phase it followed.
     */
    public final AtomicLong clockLostTicks = new AtomicLong();
    public final AtomicLong clockDuplicateTicks = new AtomicLong();
    public final AtomicLong clockPhaseJumps = new AtomicLong();

    private final long[] marginHistogram = new long[MARGIN_BINS + 1];
    private double marginMinMs = Double.POSITIVE_INFINITY;
    private long marginSamples;
    private final long[] reactionNanos;
    private final long[] reactionFirstEvent;
    private final long[] reactionArrival;
    private final long[] reactionDone;
    private final long[] reactionCpu;
    private final long[] reactionPick;
    private final long[] reactionForced;
    private final long[] reactionFirstTokens;
    private int reactionCount;

    public JamStats(int reactionCapacity) {
        reactionNanos = new long[Math.max(1, reactionCapacity)];
        reactionArrival = new long[reactionNanos.length];
        reactionDone = new long[reactionNanos.length];
        reactionCpu = new long[reactionNanos.length];
        reactionFirstEvent = new long[reactionNanos.length];
        reactionPick = new long[reactionNanos.length];
        reactionForced = new long[reactionNanos.length];
        reactionFirstTokens = new long[reactionNanos.length];
    }

    /** [generator-thread] One observation of the lookahead margin (generated horizon minus playhead), ms. */
    void margin(double ms) {
        marginSamples++;
        if (ms < marginMinMs) {
            marginMinMs = ms;
        }
        int bin = (int) Math.max(0, Math.min(MARGIN_BINS, Math.floor(ms)));
        marginHistogram[bin]++;
    }

    /**
     * [generator-thread] One reaction: the player event reached the plugin at {@code arrivalNanos} and the next 250 ms
     * were regenerated at {@code doneNanos} ({@link System#nanoTime()}; kept up to the capacity); the first
     * regenerated model event was in the schedule ring {@code firstEventNanos} after the arrival (-1: none in the
     * 250 ms). Its parts: the worker took the event {@code pickNanos} after the arrival and fed the player's tokens
     * (rollback included) in {@code forcedNanos}; {@code firstEventTokens} model tokens were sampled up to and
     * including the first event.
     */
    synchronized void reaction(long arrivalNanos, long doneNanos, long cpuNanos, long firstEventNanos,
                               long pickNanos, long forcedNanos, int firstEventTokens) {
        if (reactionCount < reactionNanos.length) {
            reactionPick[reactionCount] = pickNanos;
            reactionForced[reactionCount] = forcedNanos;
            reactionFirstTokens[reactionCount] = firstEventTokens;
            reactionFirstEvent[reactionCount] = firstEventNanos;
            reactionCpu[reactionCount] = cpuNanos;
            reactionNanos[reactionCount] = doneNanos - arrivalNanos;
            reactionArrival[reactionCount] = arrivalNanos;
            reactionDone[reactionCount] = doneNanos;
            reactionCount++;
        }
    }

    /**
     * The worker thread's CPU time spent on each reaction (rollback, forced tokens and regenerating the next 250 ms),
     * ns: what the reaction would take on an unshared core. -1 where the JVM cannot measure thread CPU time.
     */
    public synchronized long[] reactionCpuNanos() {
        return Arrays.copyOf(reactionCpu, reactionCount);
    }

    /** {@link System#nanoTime()} at which each reaction was done (same order as {@link #reactions()}). */
    public synchronized long[] reactionDoneNanos() {
        return Arrays.copyOf(reactionDone, reactionCount);
    }

    /** {@link System#nanoTime()} at which each reaction's player event reached the plugin. */
    public synchronized long[] reactionArrivalNanos() {
        return Arrays.copyOf(reactionArrival, reactionCount);
    }

    /**
     * For each reaction with a regenerated model event, ns from the player event reaching the plugin to the first
     * such event being in the schedule ring.
     */
    public synchronized long[] reactionFirstEventNanos() {
        return Arrays.stream(reactionFirstEvent, 0, reactionCount).filter(n -> n >= 0).toArray();
    }

    /** Per reaction with a first regenerated event ({@link #reactionFirstEventNanos}): ns until the worker took it. */
    public synchronized long[] reactionPickNanos() {
        return withFirstEvent(reactionPick);
    }

    /** Per reaction with a first regenerated event: ns the worker then took to feed the player's tokens. */
    public synchronized long[] reactionForcedNanos() {
        return withFirstEvent(reactionForced);
    }

    /** Per reaction with a first regenerated event: model tokens sampled up to and including that event. */
    public synchronized long[] reactionFirstEventTokens() {
        return withFirstEvent(reactionFirstTokens);
    }

    private long[] withFirstEvent(long[] values) {
        return java.util.stream.IntStream.range(0, reactionCount).filter(i -> reactionFirstEvent[i] >= 0)
                .mapToLong(i -> values[i]).toArray();
    }

    public synchronized long[] reactions() {
        return Arrays.copyOf(reactionNanos, reactionCount);
    }

    public synchronized void clearReactions() {
        reactionCount = 0;
    }

    /** Smallest observed margin in ms (+inf before any). */
    public double marginMinMs() {
        return marginMinMs;
    }

    /** Number of margin observations. */
    public long marginSamples() {
        return marginSamples;
    }

    /** The margin quantile {@code q} (0..1) in ms, from the 1 ms histogram (lower bin edge); NaN before any. */
    public double marginQuantileMs(double q) {
        long total = 0;
        for (long c : marginHistogram) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long target = (long) Math.ceil(q * total);
        long acc = 0;
        for (int i = 0; i < marginHistogram.length; i++) {
            acc += marginHistogram[i];
            if (acc >= Math.max(1, target)) {
                return i;
            }
        }
        return MARGIN_BINS;
    }
}
