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
 * A tempo change (the newest {@link #CHANGE_TICKS} ticks' mean interval differs from the line by more than
 * {@link #CHANGE_RATIO}) restarts the window from the newest {@link #MIN_TICKS} ticks, so a new tempo is followed
 * within a beat. A jump of the clock's phase at the same tempo (a host's xrun: once the window is full,
 * {@link #STEP_TICKS} ticks in a row off the line to the same side, by more than {@link #STEP_SCALE} times the fit's mean residual and at least
 * {@link #STEP_MIN_SECONDS}, and by the same amount give or take that) restarts the window from those ticks the
 * same way, instead of the line drifting over to them for a whole window. Before {@link #MIN_TICKS} ticks the
 * line runs through the newest tick at the previous tempo.
 * When ticks stop coming the line stays: the grid free-runs at the last tempo. Ticks are counted as MIDI defines the
 * position (a tick lost on the way, e.g. in an xrun, moves the 16ths by a tick until the next Start or SPP). Ticks outside 10-1000 bpm are ignored
 * for the tempo.
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
    /** Ticks in a row off the line to one side by about the same amount that count as a phase jump. */
    static final int STEP_TICKS = 4;
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
    private int count;
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

    HostClock(double engineRate) {
        this.engineRate = engineRate;
        samplesPerTick = 60.0 * engineRate / 120.0 / TICKS_PER_BEAT;
    }

    /** Forgets everything (activation). */
    void reset() {
        count = 0;
        stepRun = 0;
        phaseSteps = 0;
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
            count = 0; // a gap: the line restarts at the previous tempo
            stepRun = 0;
        }
        long index = nextTick++;
        ticksSinceStart++;
        boolean phaseStep = count >= WINDOW && offLine(index, sampleTime);
        head = (head + 1) % WINDOW;
        tickTime[head] = sampleTime;
        tickIndex[head] = index;
        if (count < WINDOW) {
            count++;
        }
        if (phaseStep) {
            count = STEP_TICKS; // the ticks since the jump (fewer than MIN_TICKS: see below)
            stepRun = 0;
            phaseSteps++;
        }
        if (count >= MIN_TICKS) {
            fit(count);
            if (count > CHANGE_TICKS + 1) {
                int back = (head - CHANGE_TICKS + WINDOW) % WINDOW;
                double recent = (tickTime[head] - tickTime[back]) / (tickIndex[head] - tickIndex[back]);
                if (Math.abs(recent - samplesPerTick) > CHANGE_RATIO * samplesPerTick) {
                    count = MIN_TICKS;
                    stepRun = 0;
                    fit(count);
                }
            }
        } else {
            refTick = index;
            refSampleTime = sampleTime;
        }
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

    /** Least-squares line through the newest {@code n} ticks; keeps the old tempo if the fit is out of range. */
    private void fit(int n) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        long x0 = tickIndex[head];
        double y0 = tickTime[head];
        for (int k = 0; k < n; k++) {
            int i = (head - k + WINDOW) % WINDOW;
            double x = tickIndex[i] - x0;
            double y = tickTime[i] - y0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double bpm = 60.0 * engineRate / (slope * TICKS_PER_BEAT);
        if (!(bpm >= 10 && bpm <= 1000)) {
            refTick = x0;
            refSampleTime = y0;
            return;
        }
        samplesPerTick = slope;
        refTick = x0;
        refSampleTime = y0 + (sy - slope * sx) / n; // the line at the newest tick
        double residuals = 0;
        for (int k = 0; k < n; k++) {
            int i = (head - k + WINDOW) % WINDOW;
            residuals += Math.abs(tickTime[i] - (refSampleTime + (tickIndex[i] - refTick) * slope));
        }
        meanResidual = residuals / n;
    }

    /** Phase jumps followed since {@link #reset} (class comment). */
    long phaseSteps() {
        return phaseSteps;
    }

    /** Start at engine time {@code sampleTime}: the next tick is the downbeat of beat 0; the transport runs. */
    void start(double sampleTime) {
        startSampleTime = sampleTime;
        ticksSinceStart = 0;
        running = true;
        nextTick = 0;
        count = 0;
        stepRun = 0;
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
        count = 0;
        stepRun = 0;
        starts++;
    }

    /** Song Position Pointer: the next tick is at {@code sixteenths} 16th notes from the song's start. */
    void songPosition(int sixteenths) {
        nextTick = sixteenths * (long) (TICKS_PER_BEAT / 4);
        count = 0;
        stepRun = 0;
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
