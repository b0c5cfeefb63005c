package org.nesjam.gen.jam;

/**
 * The host's beat grid as the audio thread sees it: MIDI clock (24 ticks a quarter note), Start, Stop, Continue and
 * Song Position Pointer at their engine sample times, or an internal tempo when no clock comes. [audio-thread]:
 * confined to the plugin's {@code process}; preallocated, allocation-free.
 *
 * <h2>Phase lock</h2>
 * Tick {@code i} (counted from Start, or from the Song Position Pointer) is expected at
 * {@code refSampleTime + (i - refTick) * samplesPerTick}: a least-squares line through the last {@link #WINDOW}
 * ticks, which averages out the jitter of tick arrival (a JACK period, and more with {@code jack_midi_clock -J}).
 * <ul>
 * <li>A jump of the ticks' phase on the engine's timeline (an xrun that moved a host's or the engine's timeline):
 * an interval off the line's by more than {@link #JUMP_RATIO} of a tick and {@link #JUMP_MIN_SECONDS}. The fit
 * keeps one slope over the window but gives each run of ticks between jumps its own intercept, and the line runs
 * through the newest run: the grid follows a jump from the next tick on and the tempo does not move.</li>
 * <li>A smaller jump: once the window is full and the newest run has {@link #STEP_RUN_TICKS} ticks,
 * {@link #STEP_TICKS} ticks in a row off the line to the same side, by more than {@link #STEP_SCALE} times the
 * fit's mean residual and at least {@link #STEP_MIN_SECONDS}, and by the same amount give or take that, start a new
 * run at the first of them.</li>
 * <li>A tempo change: the mean interval of the newest {@link #CHANGE_TICKS} ticks (jumps and the longest and
 * shortest interval left out) differs from the line's by more than {@link #CHANGE_RATIO}, or the newest
 * {@link #BIG_CHANGE_INTERVALS} intervals are jumps to the same side that agree with each other: the window restarts
 * from the newest ticks, so a new tempo is followed within a beat.</li>
 * </ul>
 * Before {@link #MIN_TICKS} ticks the line runs through the newest tick at the previous tempo. When ticks stop
 * coming the line stays: the grid free-runs at the last tempo. Ticks outside 10-1000 bpm are ignored for the tempo.
 *
 * <h2>Counting ticks through xruns</h2>
 * Ticks are counted as MIDI defines the position, with two repairs for what a JACK server does to a MIDI port in an
 * xrun (docs/benchmarks.md, "Beat lock"), both only while a tick is at least {@link #LOST_PERIODS} arrival periods
 * long ({@link #arrivalPeriod}: arrival times are then good to well under half a tick):
 * <ul>
 * <li>A tick received twice (a cycle run twice): one half a tick or more before its time, within half an arrival
 * period of the tick before it, which was on time, is left out ({@link #duplicateTicks}).</li>
 * <li>Ticks lost (a cycle skipped): a tick whole ticks late on the line from before it, followed by one at least as
 * late, counts the difference ({@link #lostTicks}; applied when the second comes, so one tick is placed on the
 * old count). The count stands when the mean of the next {@link #LOST_CONFIRM_INTERVALS} intervals is the tempo
 * before the gap, and is taken back otherwise (a hand-over to another clock whose first tick came late) or when a
 * tempo change restarts the window; more than {@link #MAX_GAPS_IN_A_ROW} such gaps in a row are a slower tempo. The
 * first {@link #RECOUNT_TICKS} ticks after a Start or a tempo change, which no line covers, are recounted at their
 * median interval ({@link #recountNewTempo}).</li>
 * </ul>
 * What is not repaired: a tick lost before the first one after Start (a host may send the downbeat with Start or a
 * tick later), losses at tempos above the {@link #LOST_PERIODS} bound, and a whole-tick jump of a host's phase,
 * which looks like lost ticks (none was seen: jack_midi_clock's ticks keep their frames).
 * <p>
 * Without clock, the grid runs at the transport tempo ({@code --bpm}), beat 0 at the first block; a tempo change
 * keeps the beat position where it happens.
 *
 * <h2>Grid</h2>
 * Grid points are the 16ths and the 8th-note triplets of the beat: fractions 0, 1/4, 1/3, 1/2, 2/3, 3/4.
 */
final class HostClock {
    /** Ticks in the least-squares window (two beats). */
    static final int WINDOW = 48;
    /** Ticks before the fit is used. */
    static final int MIN_TICKS = 6;
    /** Ticks whose mean interval is compared with the fit. */
    static final int CHANGE_TICKS = 12;
    /** Relative interval change that counts as a tempo change. */
    static final double CHANGE_RATIO = 0.06;
    /** An interval off the line's by more than this part of a tick is a jump of the phase (class comment). */
    static final double JUMP_RATIO = 0.25;
    /** ... and by at least this much (more than a JACK period's arrival jitter at high tempos). */
    static final double JUMP_MIN_SECONDS = 0.008;
    /** Intervals in a row that are all jumps to one side: a tempo change of more than {@link #JUMP_RATIO}. */
    static final int BIG_CHANGE_INTERVALS = 3;
    /** Ticks in a row off the line to one side by about the same amount that count as a phase jump. */
    static final int STEP_TICKS = 4;
    /**
     * Most ticks in a row counted as lost from one gap (an xrun costs one or two; a longer gap is more likely a clock
     * handing over to another, whose first tick comes when it comes).
     */
    static final int MAX_LOST_TICKS = 2;
    /** Gaps in a row that can be lost ticks; more are a slower tempo (every other tick "lost" is half the tempo). */
    static final int MAX_GAPS_IN_A_ROW = 2;
    /**
     * Lost ticks stay counted when the mean of the first this many intervals after their gap is within
     * {@link #LOST_CONFIRM_RATIO} of the tempo before it, give or take the arrival jitter (a period over as many
     * intervals); else the gap was a hand-over to another tempo.
     */
    static final int LOST_CONFIRM_INTERVALS = 8;
    static final double LOST_CONFIRM_RATIO = 0.03;
    /**
     * Lost ticks are counted only where a tick is at least this many arrival periods long: a gap is then a whole
     * number of ticks give or take the arrival jitter (one period) and a period the engine may fall back by.
     */
    static final double LOST_PERIODS = 2.5;
    /** Ticks after a Start or a tempo change that {@link #recountNewTempo} looks at, and how close to whole ticks. */
    static final int RECOUNT_TICKS = 12;
    static final double RECOUNT_TOLERANCE = 0.25;
    /**
     * {@link #exactStamps}: most ticks counted lost from one gap (as many as the beat-lock check counts), and how far
     * off whole ticks a gap or a late tick may be: the larger of a few samples and a part of a tick.
     */
    static final int MAX_EXACT_LOST_TICKS = 7;
    /** {@link #exactStamps}: most periods a port call was seen late by (a dummy server in xruns: one or two). */
    static final int MAX_LATE_PERIODS = 2;
    static final double EXACT_TOLERANCE_SAMPLES = 4;
    static final double EXACT_TOLERANCE_RATIO = 0.005;
    /** Ticks a run needs before a smaller jump ({@link #STEP_TICKS}) is looked for in it. */
    static final int STEP_RUN_TICKS = 2 * MIN_TICKS;
    /** A phase jump's ticks lie this many mean fit residuals off the line (and agree within as much). */
    static final double STEP_SCALE = 4;
    /** ... and at least this far off. */
    static final double STEP_MIN_SECONDS = 0.001;
    /** Ticks per quarter note. */
    static final int TICKS_PER_BEAT = 24;
    private static final double[] POINTS = {0, 0.25, 1.0 / 3, 0.5, 2.0 / 3, 0.75, 1};

    private final double engineRate;
    private final double[] tickTime = new double[WINDOW];
    private final long[] tickIndex = new long[WINDOW];
    /** Whether the interval before each tick was a jump (the tick starts a new run of the fit). */
    private final boolean[] jumpBefore = new boolean[WINDOW];
    /** Lost ticks added to each tick's index while they are not confirmed ({@link #revertLost}). */
    private final long[] tickShift = new long[WINDOW];
    private int count;
    /** Ticks in the newest run (since the newest jump). */
    private int runLength;
    private int head;
    /** Index of the next tick. */
    private long nextTick;
    private double refSampleTime;
    private long refTick;
    private double samplesPerTick;
    private double lastTickSampleTime = Double.NEGATIVE_INFINITY;
    private boolean clockSeen;
    private boolean running = true;
    private long starts;
    /** Mean absolute residual of the current fit (engine samples). */
    private double meanResidual;
    /** The current run of ticks off the line to one side: length, side, smallest and largest offset. */
    private int stepRun;
    private double stepMin;
    private double stepMax;
    /** The line and threshold when the run began. */
    private double stepRefSampleTime;
    private long stepRefTick;
    private double stepSamplesPerTick;
    private double stepThreshold;
    private long phaseSteps;
    /** Ticks counted as lost and left out as duplicates since {@link #reset}. */
    private long lostTicks;
    private long duplicateTicks;
    /** How far the newest tick lay off the line when it came, in ticks. */
    private double previousOffLine;
    /** Whole ticks the newest tick lay late (0: on time): lost if the next tick agrees. */
    private long lostCandidate;
    private int gapsInARow;
    /** {@link #recountNewTempo} due (after a Start or a tempo change), and whether after a Start; its scratch. */
    private boolean recount;
    private boolean recountAfterStart;
    /** Ticks since the window last restarted ({@link #restartTempo}), and since the newest tick on the line (exact). */
    private int sinceRestart;
    private int sinceOnLine;
    private final double[] recountIntervals = new double[WINDOW];
    /** Lost ticks not yet confirmed: the ring entries since their gap, and the intervals after it. */
    private long lostPending;
    private int lostEntries;
    private int lostConfirmIntervals;
    private double lostConfirmSum;
    /** The line before the candidate's gap. */
    private double lostFromSampleTime;
    private long lostFromTick;
    private double lostSamplesPerTick;
    /** How finely tick arrival times are quantised (engine samples: the engine's block, a JACK period). */
    private double arrivalPeriodSamples;
    /** {@link #exactStamps}: the late call's period (0: not exact); ticks counted lost at the newest gap. */
    private double exactLatePeriod;
    private long exactGapLost;
    /** The newest tick lay on the line (within a quarter tick of a whole tick), so the next is counted on it. */
    private boolean exactOnLine;
    private long lateTicks;
    /** A jump not yet followed by an ordinary interval, and the line before it. */
    private boolean jumpOpen;
    private double jumpFromSampleTime;
    private long jumpFromTick;
    private double jumpFromSamplesPerTick;

    HostClock(double engineRate) {
        this.engineRate = engineRate;
        samplesPerTick = 60.0 * engineRate / 120.0 / TICKS_PER_BEAT;
    }

    /** The line starts again from the next tick (at the previous tempo until {@link #MIN_TICKS}). */
    private void restartLine() {
        count = 0;
        runLength = 0;
        stepRun = 0;
        jumpOpen = false;
        lostCandidate = 0;
        lostPending = 0;
        gapsInARow = 0;
        exactGapLost = 0;
        exactOnLine = false;
    }

    /** Forgets everything (activation). */
    void reset() {
        restartLine();
        phaseSteps = 0;
        lateTicks = 0;
        lostTicks = 0;
        duplicateTicks = 0;
        nextTick = 0;
        clockSeen = false;
        running = true;
        starts = 0;
        lastTickSampleTime = Double.NEGATIVE_INFINITY;
        samplesPerTick = 60.0 * engineRate / 120.0 / TICKS_PER_BEAT;
        refSampleTime = 0;
        refTick = 0;
    }

    /**
     * Without clock ({@link #clockRecent} false): the grid at {@code tempoBpm} from engine time {@code sampleTime}
     * on, keeping the beat position there (beat 0 at the first call).
     */
    void internalTempo(double sampleTime, double tempoBpm) {
        double spt = 60.0 * engineRate / (tempoBpm > 0 ? tempoBpm : 120.0) / TICKS_PER_BEAT;
        if (!internal) {
            internal = true;
            refSampleTime = sampleTime;
            refTick = 0;
            samplesPerTick = spt;
        } else if (spt != samplesPerTick) {
            double tick = tickAt(sampleTime);
            refSampleTime = sampleTime;
            refTick = 0;
            samplesPerTick = spt;
            refSampleTime -= tick * spt;
        }
    }

    private boolean internal;
    private double startSampleTime = Double.NEGATIVE_INFINITY;
    private long ticksSinceStart;

    /** A clock tick at engine time {@code sampleTime}. */
    void tick(double sampleTime) {
        internal = false;
        double previous = lastTickSampleTime;
        lastTickSampleTime = sampleTime;
        clockSeen = true;
        if (!running) {
            return;
        }
        if (count > 0 && (sampleTime - previous > 0.5 * engineRate || sampleTime < previous)) {
            restartLine(); // a gap: the line restarts at the previous tempo
        }
        if (count == 0 && exactLatePeriod > 0) {
            // the first tick of a line (after Start, the first clock, or a pause: a Start lost on the way looks so):
            // its first interval is recounted like one after a Start
            recount = true;
            recountAfterStart = true;
        }
        int late = periodsLate(sampleTime, previous);
        if (late > 0) {
            sampleTime -= late * exactLatePeriod;
            lastTickSampleTime = sampleTime;
            lateTicks++;
        }
        double offLine = count >= MIN_TICKS
                ? (sampleTime - (refSampleTime + (nextTick - refTick) * samplesPerTick)) / samplesPerTick : 0;
        if (count >= MIN_TICKS && LOST_PERIODS * arrivalPeriodSamples <= samplesPerTick
                && sampleTime - previous < 0.5 * arrivalPeriodSamples && offLine < -0.5
                && Math.abs(previousOffLine) < 0.5) {
            // half a tick or more before its time, right after a tick on time: a tick the MIDI input got twice
            duplicateTicks++;
            lastTickSampleTime = previous;
            return;
        }
        previousOffLine = offLine;
        long index = nextTick++;
        ticksSinceStart++;
        boolean jump = false;
        long lost = 0;
        if (exactLatePeriod > 0 && count >= 3) {
            boolean onLine = count >= RECOUNT_TICKS && !jumpOpen && exactOnLine && slopeAgrees();
            long change = onLine ? exactLostOnLine(sampleTime, index) : exactLost(sampleTime - previous);
            index += change;
            lost = Math.max(0, change);
            sinceOnLine = onLine && exactOnLine ? 0 : sinceOnLine + 1; // on the fitted line, not just whole ticks
        }
        if (count >= MIN_TICKS) { // against the fitted line only
            double interval = (sampleTime - previous) / (index - tickIndex[head]);
            jump = Math.abs(interval - samplesPerTick)
                    > Math.max(JUMP_RATIO * samplesPerTick, JUMP_MIN_SECONDS * engineRate);
            // (once the line has RECOUNT_TICKS ticks: before, a young line's slope can make a late tick look lost, and
            // the recount looks at those ticks)
            if (exactLatePeriod == 0 && LOST_PERIODS * arrivalPeriodSamples <= samplesPerTick
                    && count >= RECOUNT_TICKS) {
                if (lostCandidate == 0 && lostPending == 0) { // the line the ticks are counted against
                    lostFromSampleTime = refSampleTime;
                    lostFromTick = refTick;
                    lostSamplesPerTick = samplesPerTick;
                }
                long offTicks = Math.round((sampleTime - (lostFromSampleTime + (index - lostFromTick)
                        * lostSamplesPerTick)) / lostSamplesPerTick);
                if (lostCandidate > 0 && offTicks >= lostCandidate) { // the previous tick lay late by whole ticks,
                    lost = lostCandidate; // and this one at least as late: ticks were lost before the previous one
                    index += lost;
                    nextTick += lost;
                    tickIndex[head] += lost; // its run stays a run of its own: the gap may hide a jump as well
                    tickShift[head] += lost;
                    jumpOpen = false;
                    lostTicks += lost;
                    if (lostPending == 0) {
                        lostEntries = 1;
                        lostConfirmIntervals = 0;
                        lostConfirmSum = 0;
                    }
                    lostPending += lost;
                    offTicks -= lost;
                }
                lostCandidate = offTicks >= 1 && offTicks <= MAX_LOST_TICKS ? offTicks : 0;
                gapsInARow = lostCandidate > 0 ? gapsInARow + 1 : 0;
                if (gapsInARow > MAX_GAPS_IN_A_ROW) { // every tick late by more: a slower tempo, not lost ticks
                    index -= lostPending;
                    revertLost();
                    lostCandidate = 0;
                    gapsInARow = 0;
                }
            }
            interval = (sampleTime - previous) / (index - tickIndex[head]); // the lost ticks counted
            if (lostPending > 0 && lostCandidate == 0
                    && Math.abs(interval - samplesPerTick) <= JUMP_RATIO * samplesPerTick) {
                // ticks counted as lost stay counted when the tempo after their gap is the one before it
                lostConfirmSum += interval;
                if (++lostConfirmIntervals == LOST_CONFIRM_INTERVALS) {
                    if (Math.abs(lostConfirmSum / LOST_CONFIRM_INTERVALS - lostSamplesPerTick)
                            > LOST_CONFIRM_RATIO * lostSamplesPerTick
                                    + arrivalPeriodSamples / LOST_CONFIRM_INTERVALS) {
                        index -= lostPending;
                        revertLost();
                    }
                    lostPending = 0;
                }
            }
        }
        boolean phaseStep = !jump && lost == 0 && count >= WINDOW && runLength >= STEP_RUN_TICKS
                && offLine(index, sampleTime);
        runLength = jump ? 1 : runLength + 1;
        if (lostPending > 0) {
            lostEntries++;
        }
        head = (head + 1) % WINDOW;
        tickShift[head] = lostPending;
        tickTime[head] = sampleTime;
        tickIndex[head] = index;
        jumpBefore[head] = jump;
        if (count < WINDOW) {
            count++;
        }
        sinceRestart++;
        if (phaseStep) { // a new run from the first tick off the line
            jumpBefore[(head - STEP_TICKS + 1 + WINDOW) % WINDOW] = true;
            runLength = STEP_TICKS;
            stepRun = 0;
            jumpOpen = false;
            phaseSteps++;
        } else if (jump && count >= MIN_TICKS) {
            stepRun = 0;
            if (bigChange()) {
                restartTempo(BIG_CHANGE_INTERVALS + 1);
                return;
            }
            if (!jumpOpen) { // the line before the jump, to tell a jump from ticks that came late together
                jumpOpen = true;
                jumpFromSampleTime = refSampleTime;
                jumpFromTick = refTick;
                jumpFromSamplesPerTick = samplesPerTick;
            }
        }
        if (count >= MIN_TICKS) {
            fit(count);
            if (jumpOpen && !jump) {
                jumpOpen = false;
                double before = jumpFromSampleTime + (index - jumpFromTick) * jumpFromSamplesPerTick;
                if (Math.abs(refSampleTime + (index - refTick) * samplesPerTick - before)
                        > Math.max(STEP_SCALE * meanResidual, STEP_MIN_SECONDS * engineRate)) {
                    phaseSteps++;
                }
            }
            if (count > CHANGE_TICKS + 1 && recentChange()) {
                restartTempo(MIN_TICKS);
            }
            if (recount && count >= RECOUNT_TICKS) {
                recountNewTempo();
                fit(count);
            }
        } else {
            refTick = index;
            refSampleTime = sampleTime;
        }
    }

    /** How far off whole ticks an exact tick may lie (engine samples): jack_midi_clock rounds to frames. */
    private static double exactTolerance(double tick) {
        return Math.max(EXACT_TOLERANCE_SAMPLES, EXACT_TOLERANCE_RATIO * tick);
    }

    /**
     * {@link #exactStamps}: how many whole periods late (1 or {@link #MAX_LATE_PERIODS}) a tick at {@code sampleTime}
     * lies after a whole tick of the line, the newest tick having lain on it; on a line younger than
     * {@link #RECOUNT_TICKS} ticks, after whole ticks of the two agreeing intervals before it since the tick before
     * ({@code previous}); 0 when it does not. With exact stamps nothing else puts a tick there (a port call late for
     * its cycle reads a later cycle's frame time).
     */
    private int periodsLate(double sampleTime, double previous) {
        if (exactLatePeriod <= 0) {
            return 0;
        }
        if (count >= RECOUNT_TICKS && slopeAgrees()) {
            if (!exactOnLine || samplesPerTick <= 2 * exactLatePeriod) {
                return 0; // only against a line the newest tick lay on (not while a new tempo leaves it)
            }
            double off = sampleTime - (refSampleTime + (nextTick - refTick) * samplesPerTick);
            for (int m = 1; m <= MAX_LATE_PERIODS; m++) {
                double late = off - m * exactLatePeriod;
                if (Math.abs(late - Math.round(late / samplesPerTick) * samplesPerTick)
                        <= exactTolerance(samplesPerTick)) {
                    return m;
                }
            }
            return 0;
        }
        if (count < 3) {
            return 0;
        }
        // a young line (after a Start or a hand-over; or one whose slope still holds the old tempo's ticks): against
        // the tick of the two intervals before, which agree, the interval less m periods is whole ticks of it
        double tick = agreeingInterval();
        if (Double.isNaN(tick) || tick <= 2 * exactLatePeriod) {
            return 0;
        }
        double tolerance = exactTolerance(tick);
        double interval = sampleTime - previous;
        for (int m = 1; m <= MAX_LATE_PERIODS; m++) {
            double late = interval - m * exactLatePeriod;
            long k = Math.round(late / tick);
            if (k >= 1 && k <= 1 + MAX_EXACT_LOST_TICKS && Math.abs(late - k * tick) <= k * tolerance) {
                return m;
            }
        }
        return 0;
    }

    /**
     * The interval per tick before the newest tick when the one before it agrees (within {@link #exactTolerance});
     * NaN when they differ.
     */
    private double agreeingInterval() {
        double before = intervalBefore(head);
        return Math.abs(intervalBefore((head - 1 + WINDOW) % WINDOW) - before) <= exactTolerance(before)
                ? before : Double.NaN;
    }

    /**
     * True when the fitted line's tick agrees with the interval before the newest tick (a line refitted after a
     * hand-over can still hold the old tempo's ticks for a while: then the intervals count, not the line).
     */
    private boolean slopeAgrees() {
        return Math.abs(intervalBefore(head) - samplesPerTick) <= exactTolerance(samplesPerTick);
    }

    /**
     * {@link #exactStamps}: ticks lost before a tick that came {@code interval} after the one before, at a steady
     * tempo (the two intervals before it one tick each): an interval of {@code k} whole ticks is {@code k - 1} lost,
     * up to {@link #MAX_EXACT_LOST_TICKS}, counted at once. Ticks counted at the previous tick are taken back when
     * this interval is not one tick of the same tempo: that gap was a hand-over to another clock. Returns how much
     * this tick's index moves (ticks lost before it, less those taken back; the next tick index and the counters
     * already include it).
     */
    private long exactLost(double interval) {
        // the tick: that of the two intervals before when they agree (a young line's slope can still hold a
        // hand-over's gap), else the line's once it has MIN_TICKS ticks, else the interval before
        double tick = !Double.isNaN(agreeingInterval()) || count < MIN_TICKS ? intervalBefore(head) : samplesPerTick;
        double tolerance = exactTolerance(tick);
        long k = Math.round(interval / tick);
        boolean wholeTicks = k >= 1 && Math.abs(interval - k * tick) <= k * tolerance;
        exactOnLine = wholeTicks;
        if (exactGapLost > 0) { // the tick after a gap: whole ticks of the same tempo confirm it
            long counted = exactGapLost;
            exactGapLost = 0;
            if (!wholeTicks) {
                return -takeBackExactGap(counted);
            }
        } else if (Math.abs(intervalBefore(head) - tick) > tolerance
                || Math.abs(intervalBefore((head - 1 + WINDOW) % WINDOW) - tick) > tolerance) {
            return 0;
        }
        if (!wholeTicks || k < 2 || k > 1 + MAX_EXACT_LOST_TICKS) {
            return 0;
        }
        return countExactGap(k - 1);
    }

    /**
     * {@link #exactStamps} once the line has {@link #RECOUNT_TICKS} ticks and the newest tick lay on it: a tick
     * {@code k} whole ticks after where the line expects it (within {@link #exactTolerance}) follows {@code k} lost
     * ones (up to {@link #MAX_EXACT_LOST_TICKS}); measured on the line, not from the tick before, so a tick displaced
     * before the gap does not hide it. Ticks counted at the previous tick are taken back when this one is not on the
     * line: that gap was a hand-over to another clock. Returns how much this tick's index moves.
     */
    private long exactLostOnLine(double sampleTime, long index) {
        double line = refSampleTime + (index - refTick) * samplesPerTick;
        long k = Math.round((sampleTime - line) / samplesPerTick);
        double fromSlot = sampleTime - line - k * samplesPerTick;
        exactOnLine = k >= 0 && Math.abs(fromSlot) <= exactTolerance(samplesPerTick);
        if (exactGapLost > 0) {
            long counted = exactGapLost;
            exactGapLost = 0;
            if (!exactOnLine) {
                return -takeBackExactGap(counted);
            }
        }
        if (!exactOnLine || k < 1 || k > MAX_EXACT_LOST_TICKS) {
            return 0;
        }
        return countExactGap(k);
    }

    /** {@link #exactStamps}: {@code lost} ticks lost before this tick, counted now; returns {@code lost}. */
    private long countExactGap(long lost) {
        exactGapLost = lost;
        nextTick += lost;
        lostTicks += lost;
        return lost;
    }

    /** {@link #exactStamps}: the {@code counted} ticks of the previous gap were none (a hand-over); returns them. */
    private long takeBackExactGap(long counted) {
        tickIndex[head] -= counted;
        nextTick -= counted;
        lostTicks -= counted;
        return counted;
    }

    /** Ticks {@link #exactStamps} found whole periods late and took back (a JACK MIDI port's late call). */
    long lateTicks() {
        return lateTicks;
    }

    /**
     * A tempo change: the window restarts from the newest {@code keep} ticks as one run (ticks counted as lost and
     * not confirmed are taken back), to be recounted at the new tempo ({@link #recountNewTempo}).
     */
    private void restartTempo(int keep) {
        revertLost();
        exactGapLost = 0;
        exactOnLine = false;
        if (exactLatePeriod > 0 && recount && recountAfterStart) {
            keep = count; // the first ticks after a Start (a gap among them bent the young line): all recounted
        } else if (exactLatePeriod > 0) {
            // keep the ticks since they left the line (and since a restart whose recount is still due), so a gap
            // right after a hand-over stays in the recount's window; the hand-over's own gap is no pair of it
            keep = Math.max(keep, Math.min(count, Math.max(sinceOnLine, recount ? sinceRestart : 0)));
            recountAfterStart = false;
        } else {
            recountAfterStart = false;
        }
        sinceRestart = keep;
        count = keep;
        runLength = keep;
        lostCandidate = 0;
        stepRun = 0;
        jumpOpen = false;
        for (int k = 0; k < keep - 1; k++) {
            jumpBefore[(head - k + WINDOW) % WINDOW] = false;
        }
        recount = true;
        fit(count);
    }

    /** The interval before ring entry {@code i} per tick (engine samples; its ticks may be whole ticks apart). */
    private double intervalBefore(int i) {
        int before = (i - 1 + WINDOW) % WINDOW;
        return (tickTime[i] - tickTime[before]) / (tickIndex[i] - tickIndex[before]);
    }

    /**
     * Counts the ticks lost among the first {@link #RECOUNT_TICKS} after a Start or a tempo change, which the line
     * from before cannot see (class comment): at the median interval of those ticks, a gap of whole ticks after an
     * interval of one tick counts them all (the gap at a hand-over, after the old tempo's ticks, does not). Only adds
     * ticks; with exact stamps, a gap right after the first tick after a Start counts too. (A tick lost before the
     * first one after Start is not found: a host may send the downbeat tick with Start or a tick later.)
     */
    private void recountNewTempo() {
        recount = false;
        boolean recountAfterStart = this.recountAfterStart;
        this.recountAfterStart = false;
        // after a Start with exact stamps: every tick since it (a restart of the window may have come in between)
        int n = recountAfterStart && exactLatePeriod > 0 ? count : Math.min(count, RECOUNT_TICKS);
        double[] iv = recountIntervals;
        for (int k = 0; k < n - 1; k++) {
            iv[k] = intervalBefore((head - k + WINDOW) % WINDOW);
        }
        java.util.Arrays.sort(iv, 0, n - 1);
        double tick = iv[(n - 1) / 2];
        if (!(tick > 0) || LOST_PERIODS * arrivalPeriodSamples > tick) {
            return;
        }
        long added = 0;
        for (int k = n - 2; k >= 0; k--) { // oldest pair first
            int b = (head - k + WINDOW) % WINDOW;
            int a = (b - 1 + WINDOW) % WINDOW;
            double ticks = (tickTime[b] - tickTime[a]) / tick;
            long want = Math.round(ticks);
            long have = tickIndex[b] + added - tickIndex[a];
            // a gap between ticks of this tempo (the interval before it one tick too): not the hand-over itself
            boolean steadyBefore = k + 1 <= n - 2 && Math.abs(intervalBefore(a) / tick - 1) < RECOUNT_TOLERANCE;
            // with exact stamps after a Start, the first interval has no hand-over in it: a gap there is lost ticks
            boolean firstAfterStart = exactLatePeriod > 0 && recountAfterStart && k == n - 2
                    && Math.abs(ticks - want) * tick <= want * exactTolerance(tick);
            if (want > have && want <= 1 + MAX_LOST_TICKS && Math.abs(ticks - want) < RECOUNT_TOLERANCE
                    && (steadyBefore || firstAfterStart)) {
                added += want - have;
            }
            tickIndex[b] += added;
        }
        nextTick += added;
        lostTicks += added;
    }

    /**
     * Whether the newest {@link #BIG_CHANGE_INTERVALS} intervals are all jumps to the same side that agree with each
     * other (within {@link #JUMP_RATIO} of their mean) on a tempo of at most 1000 bpm: a new tempo, not ticks that
     * arrived together.
     */
    private boolean bigChange() {
        if (count <= BIG_CHANGE_INTERVALS) {
            return false;
        }
        double side = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        double sum = 0;
        for (int k = 0; k < BIG_CHANGE_INTERVALS; k++) {
            int i = (head - k + WINDOW) % WINDOW;
            double interval = intervalBefore(i);
            double off = interval - samplesPerTick;
            if (!jumpBefore[i] || off * side < 0) {
                return false;
            }
            side = off;
            min = Math.min(min, interval);
            max = Math.max(max, interval);
            sum += interval;
        }
        double mean = sum / BIG_CHANGE_INTERVALS;
        return mean >= 60.0 * engineRate / 1000 / TICKS_PER_BEAT && max - min <= JUMP_RATIO * mean;
    }

    /**
     * Whether the mean interval of the newest {@link #CHANGE_TICKS} ticks, jumps and the longest and shortest
     * interval left out (a jump just under {@link #JUMP_RATIO}), is off the line's.
     */
    private boolean recentChange() {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (int k = 0; k < CHANGE_TICKS; k++) {
            int i = (head - k + WINDOW) % WINDOW;
            if (!jumpBefore[i]) {
                double interval = intervalBefore(i);
                sum += interval;
                min = Math.min(min, interval);
                max = Math.max(max, interval);
                n++;
            }
        }
        return n >= CHANGE_TICKS / 2
                && Math.abs((sum - min - max) / (n - 2) - samplesPerTick) > CHANGE_RATIO * samplesPerTick;
    }

    /**
     * Whether tick {@code index} at {@code sampleTime} completes a phase jump (class comment); keeps the run of ticks
     * off the line, measured against the line and threshold from before the run (the run's ticks join the fit).
     */
    private boolean offLine(long index, double sampleTime) {
        if (stepRun == 0) {
            stepRefSampleTime = refSampleTime;
            stepRefTick = refTick;
            stepSamplesPerTick = samplesPerTick;
            stepThreshold = Math.max(STEP_SCALE * meanResidual, STEP_MIN_SECONDS * engineRate);
        }
        double offset = sampleTime - (stepRefSampleTime + (index - stepRefTick) * stepSamplesPerTick);
        if (Math.abs(offset) <= stepThreshold || (stepRun > 0 && Math.signum(offset) != Math.signum(stepMin))) {
            stepRun = 0;
            return false;
        }
        stepMin = stepRun == 0 ? offset : Math.min(stepMin, offset);
        stepMax = stepRun == 0 ? offset : Math.max(stepMax, offset);
        stepRun++;
        return stepRun >= STEP_TICKS && stepMax - stepMin <= stepThreshold;
    }

    /**
     * Least-squares line through the newest {@code n} ticks, one slope and one intercept per run of ticks between
     * jumps; the line runs through the newest run. Keeps the old tempo if the fit is out of range.
     */
    private void fit(int n) {
        long x0 = tickIndex[head];
        double y0 = tickTime[head];
        double sxx = 0; // centred sums over all runs
        double sxy = 0;
        double newestX = 0; // the newest run's mean
        double newestY = 0;
        int m = 0; // the current run's sums
        double rx = 0;
        double ry = 0;
        double rxx = 0;
        double rxy = 0;
        boolean newest = true;
        for (int k = 0; k < n; k++) {
            int i = (head - k + WINDOW) % WINDOW;
            double x = tickIndex[i] - x0;
            double y = tickTime[i] - y0;
            m++;
            rx += x;
            ry += y;
            rxx += x * x;
            rxy += x * y;
            if (jumpBefore[i] || k == n - 1) { // the run ends here
                sxx += rxx - rx * rx / m;
                sxy += rxy - rx * ry / m;
                if (newest) {
                    newestX = rx / m;
                    newestY = ry / m;
                    newest = false;
                }
                m = 0;
                rx = 0;
                ry = 0;
                rxx = 0;
                rxy = 0;
            }
        }
        double slope = sxx > 0 ? sxy / sxx : samplesPerTick;
        double bpm = 60.0 * engineRate / (slope * TICKS_PER_BEAT);
        if (!(bpm >= 10 && bpm <= 1000)) {
            refTick = x0;
            refSampleTime = y0;
            return;
        }
        samplesPerTick = slope;
        refTick = x0;
        refSampleTime = y0 + newestY - slope * newestX; // the line at the newest tick
        double residuals = 0;
        int residualTicks = 0;
        for (int k = 0; k < n; k++) { // the newest run's residuals
            int i = (head - k + WINDOW) % WINDOW;
            residuals += Math.abs(tickTime[i] - (refSampleTime + (tickIndex[i] - refTick) * slope));
            residualTicks++;
            if (jumpBefore[i]) {
                break;
            }
        }
        if (residualTicks >= MIN_TICKS) {
            meanResidual = residuals / residualTicks;
        }
    }

    /**
     * Takes back the ticks counted as lost at the newest gap while the tempo after it is not confirmed (the ticks
     * since the gap, {@link #lostEntries}, and the next tick's index): the gap was a tempo change.
     */
    private void revertLost() {
        if (lostPending == 0) {
            return;
        }
        for (int k = 0; k < Math.min(lostEntries, count); k++) {
            int i = (head - k + WINDOW) % WINDOW;
            tickIndex[i] -= tickShift[i];
            tickShift[i] = 0;
        }
        nextTick -= lostPending;
        lostTicks -= lostPending;
        lostPending = 0;
    }

    /** Ticks left out as received twice since {@link #reset} (class comment). */
    long duplicateTicks() {
        return duplicateTicks;
    }

    /** Ticks counted as lost since {@link #reset} (class comment). */
    long lostTicks() {
        return lostTicks;
    }

    /**
     * How finely tick arrival times are quantised, in engine samples (the engine's block: a live input's events
     * are placed within the block they arrive in); 0 when exact. [audio-thread]
     */
    void arrivalPeriod(double samples) {
        arrivalPeriodSamples = samples;
    }

    /** Index of the next tick (the count so far). */
    long nextTickIndex() {
        return nextTick;
    }

    /**
     * Tick times are exact to the frame ({@code latePeriodSamples} > 0: a JACK MIDI port stamps each event with its
     * frame), except a port call late by a period ({@code latePeriodSamples}); 0: times are quantised by
     * {@link #arrivalPeriod} (the class comment's repairs). [audio-thread]
     */
    void exactStamps(double latePeriodSamples) {
        exactLatePeriod = latePeriodSamples;
    }

    /** Phase jumps followed since {@link #reset} (class comment). */
    long phaseSteps() {
        return phaseSteps;
    }

    /** Start at engine time {@code sampleTime}: the next tick is the downbeat of beat 0; the transport runs. */
    void start(double sampleTime) {
        startSampleTime = sampleTime;
        ticksSinceStart = 0;
        recount = true;
        recountAfterStart = true;
        running = true;
        nextTick = 0;
        restartLine();
        starts++;
    }

    /** Stop: the transport holds (ticks keep the tempo but not the position). */
    void stop() {
        running = false;
    }

    /** Continue at {@code sampleTime}: the transport runs on from its position (or the Song Position Pointer's). */
    void resume(double sampleTime) {
        startSampleTime = sampleTime;
        ticksSinceStart = 0;
        running = true;
        restartLine();
        starts++;
    }

    /** Song Position Pointer: the next tick is at {@code sixteenths} 16th notes from the song's start. */
    void songPosition(int sixteenths) {
        nextTick = sixteenths * (long) (TICKS_PER_BEAT / 4);
        restartLine();
    }

    /**
     * True from a Start or Continue until its first tick (at most 0.5 s: a Start without clock falls back on the
     * grid there was): the host's position is not known yet.
     */
    boolean awaitingFirstTick(double sampleTime) {
        return ticksSinceStart == 0 && sampleTime >= startSampleTime
                && sampleTime - startSampleTime < 0.5 * engineRate;
    }

    /** True once a clock tick came (the grid is the clock's from then on, also when it stops). */
    boolean clockSeen() {
        return clockSeen;
    }

    boolean running() {
        return running;
    }

    /** Starts and continues seen: changes whenever the transport (re)starts. */
    long starts() {
        return starts;
    }

    /** True when a clock tick came within the last 0.5 s (or 4 tick periods) before {@code sampleTime}. */
    boolean clockRecent(double sampleTime) {
        return clockSeen && sampleTime - lastTickSampleTime <= Math.min(0.5 * engineRate, 4 * samplesPerTick + 1);
    }

    double samplesPerBeat() {
        return samplesPerTick * TICKS_PER_BEAT;
    }

    double tempoBpm() {
        return 60.0 * engineRate / samplesPerBeat();
    }

    /** Engine time of beat 0 (the grid's origin). */
    double originSampleTime() {
        return refSampleTime - refTick * samplesPerTick;
    }

    private double tickAt(double sampleTime) {
        return refTick + (sampleTime - refSampleTime) / samplesPerTick;
    }

    /** Beat position (quarter notes since beat 0) of engine time {@code sampleTime}. */
    double beatAt(double sampleTime) {
        return tickAt(sampleTime) / TICKS_PER_BEAT;
    }

    /** Engine time of beat position {@code beat}. */
    double sampleTimeAt(double beat) {
        return refSampleTime + (beat * TICKS_PER_BEAT - refTick) * samplesPerTick;
    }

    /** The first grid point (16th or 8th triplet; only beats when {@code beatsOnly}) at or after {@code sampleTime}. */
    double gridAtOrAfter(double sampleTime, boolean beatsOnly) {
        return sampleTimeAt(nextPoint(beatAt(sampleTime) - 1e-6, beatsOnly));
    }

    /** The first grid point at or after beat position {@code beats}: a 16th or 8th triplet, or a beat. */
    static double nextPoint(double beats, boolean beatsOnly) {
        double whole = Math.floor(beats);
        if (beatsOnly) {
            return beats == whole ? whole : whole + 1;
        }
        double frac = beats - whole;
        for (double p : POINTS) {
            if (p >= frac) {
                return whole + p;
            }
        }
        return whole + 1;
    }
}
