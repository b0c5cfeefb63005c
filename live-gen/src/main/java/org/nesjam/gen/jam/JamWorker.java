package org.nesjam.gen.jam;

import java.util.concurrent.locks.LockSupport;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.model.SongCache;
import org.nesjam.plugin.InputCopies;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.SlotRing;
import org.nesjam.plugin.TimedEvent;

/**
 * The generator's worker: owns the {@link JamTimeline} and keeps it {@code lookahead} ahead of the plugin's
 * playhead, handles the player's notes (rollback and regeneration first, so a reaction never waits for the
 * lookahead to drain), applies live controls and follows the host tempo. Runs on its own thread
 * ([generator-thread]); talks to the plugin only through the {@link JamLink}.
 */
final class JamWorker implements Runnable {
    /** A reaction is done when the regenerated events cover this much time after the player's note. */
    static final double REACTION_COVER_SECONDS = 0.25;
    /** Control changes that need regeneration are applied at most this often. */
    private static final long RESAMPLE_INTERVAL_NANOS = 30_000_000L;
    /** The timeline starts this long after the first playhead. */
    private static final double START_DELAY_SECONDS = 0.3;
    private static final int BATCH = 256;
    /** The lookahead never holds more tokens than this, so a player's note rolls back within the runner's ring. */
    static final int MAX_AHEAD_TOKENS = JamPlugin.ROLLBACK_SLOTS - 16;
    /** ... but always at least this much time (longer than any block, so offline rendering never waits forever). */
    private static final double MIN_AHEAD_SECONDS = 0.2;
    /**
     * The worker's nap while the lookahead is full. A live MIDI note wakes it at once (the fast path unparks it);
     * what comes only through the audio thread (parameter changes, notes a host puts in a block) waits at most this
     * long. 0.25 ms naps cost about 10 % of a core on this project's VM (4,000 timer wake-ups a second).
     */
    private static final long IDLE_PARK_NANOS = 1_000_000L;
    /**
     * With a player (not in endless mode), an idle worker runs a throw-away model step this often
     * ({@link org.nesjam.gen.model.ModelRunner#warm}), so a player's note finds the model in this core's caches.
     * {@code bench jam --jack}, 150 notes, one run each on one machine: the reaction's first two steps (the wait and
     * the note) took 756 us (p50) with it, 1,106 us without; the first model event after a note p50 1.43 / 1.70 ms,
     * p99 2.28 / 3.34 ms. The cost: about a tenth of a core while a player jams (a warm step after 2 ms idle takes
     * 0.4-0.5 ms, twice a step back to back).
     */
    private static final long WARM_INTERVAL_NANOS = 2_000_000L;
    /** When this worker last ran the model ({@link System#nanoTime}). */
    private long lastModelNanos;
    /** Player notes whose second copy (fast path / audio thread) has not come yet, remembered by their number. */
    private static final int OPEN_COPIES = 64;

    private final JamLink link;
    private final JamTimeline timeline;
    private final Sampler sampler;
    private final double engineRate;
    private final int[] prompt;
    private final long seed;
    private final boolean offline;
    private final JamStats stats;
    private final JamTimeline.EventOut recordSink;
    private final double[] params;
    private final SlotRing.Handler<TimedEvent> handler = this::onMessage;
    private final SlotRing.Handler<TimedEvent> earlyHandler = this::onEarlyMessage;

    // drained messages, handled after the poll
    private final int[] kind = new int[BATCH];
    private final long[] time = new long[BATCH];
    private final int[] packed = new int[BATCH];
    private final int[] paramId = new int[BATCH];
    private final double[] value = new double[BATCH];
    private final long[] arrival = new long[BATCH];
    private final long[] inputSequence = new long[BATCH];
    private final boolean[] fromEarly = new boolean[BATCH];
    private int drained;
    private final InputCopies copies = new InputCopies(OPEN_COPIES);

    private final Harmony harmony;
    /** Earliest time of a chord change not yet regenerated for, or +inf. */
    private double chordChangeAt = Double.POSITIVE_INFINITY;
    private volatile boolean stop;
    private boolean resampleWanted;
    private long lastResampleNanos;
    private long ideas;
    private boolean recovering;
    private boolean warm;

    JamWorker(JamLink link, JamTimeline timeline, double engineRate, int[] prompt, long seed, boolean offline,
              JamStats stats, JamTimeline.EventOut recordSink, double[] initialParams) {
        this.link = link;
        this.timeline = timeline;
        this.sampler = timeline.generator().sampler();
        this.engineRate = engineRate;
        this.prompt = prompt.clone();
        this.seed = seed;
        this.offline = offline;
        this.stats = stats;
        this.recordSink = recordSink;
        this.params = initialParams.clone();
        this.harmony = new Harmony(engineRate);
        timeline.harmony(harmony);
        for (int id = 0; id < JamParams.COUNT; id++) {
            applySetting(id);
        }
        resampleWanted = false;
    }

    void requestStop() {
        stop = true;
    }

    @Override
    public void run() {
        link.workerThread = Thread.currentThread();
        try {
            while (!stop && link.heardSampleTime < 0) {
                LockSupport.parkNanos(100_000);
            }
            if (stop) {
                return;
            }
            timeline.start(prompt, link.heardSampleTime + START_DELAY_SECONDS * engineRate);
            publishHorizon();
            loop();
        } catch (Throwable t) {
            link.failure = t;
        } finally {
            link.workerStopped = true;
        }
    }

    private void loop() throws Exception {
        while (!stop) {
            drained = 0;
            link.early.poll(earlyHandler);
            int fast = drained;
            if (drained < BATCH) {
                link.toWorker.poll(handler);
            }
            int handled = drained;
            long pickedNanos = handled > 0 ? System.nanoTime() : 0;
            long cpuStart = handled > 0 ? cpuNanos() : 0;
            double cover = Double.NEGATIVE_INFINITY;
            long firstArrival = 0;
            long forcedNanos = 0;
            for (int i = 0; i < handled; i++) {
                if (kind[i] == JamMessage.PARAM) {
                    onParam(paramId[i], value[i]);
                } else if (kind[i] == JamMessage.HEARD) {
                    if (recordSink != null) {
                        recordSink.event(time[i], packed[i], 0);
                    }
                } else if (!copies.firstCopy(inputSequence[i])) {
                    continue; // the other path already brought this note
                } else {
                    if (fromEarly[i]) {
                        stats.fastPathNotes.incrementAndGet();
                    }
                    double at = onPlayer(packed[i], time[i]);
                    if (!Double.isNaN(at)) {
                        cover = Math.max(cover, at + REACTION_COVER_SECONDS * engineRate);
                        if (firstArrival == 0) {
                            firstArrival = arrival[i];
                        }
                        forcedNanos = System.nanoTime();
                    }
                }
            }
            if (chordChangeAt < Double.POSITIVE_INFINITY) {
                // a new chord: what was generated from its time on followed the old one
                timeline.rollbackTo(chordChangeAt, link.heardSampleTime, null);
                chordChangeAt = Double.POSITIVE_INFINITY;
                afterRollback();
            }
            if (resampleWanted && (offline || System.nanoTime() - lastResampleNanos > RESAMPLE_INTERVAL_NANOS)) {
                resampleWanted = false;
                lastResampleNanos = System.nanoTime();
                rollbackToHeard(null);
            }
            if (cover > Double.NEGATIVE_INFINITY) {
                // the reaction: regenerate the next 250 ms before anything else
                long eventsBefore = link.schedule.scheduledCount();
                long firstEventNanos = 0;
                int firstEventTokens = 0;
                while (timeline.horizon() < cover && !stop) {
                    generate();
                    stats.reactionTokens.incrementAndGet();
                    if (firstEventNanos == 0) {
                        firstEventTokens++;
                        if (link.schedule.scheduledCount() != eventsBefore) {
                            firstEventNanos = System.nanoTime();
                        }
                    }
                }
                if (firstArrival != 0) {
                    long now = System.nanoTime();
                    stats.reaction(firstArrival, now, cpuStart < 0 ? -1 : cpuNanos() - cpuStart,
                            firstEventNanos == 0 ? -1 : firstEventNanos - firstArrival,
                            pickedNanos - firstArrival, forcedNanos - pickedNanos, firstEventTokens);
                }
            }
            if (handled > fast) {
                link.ackedMessages.lazySet(link.ackedMessages.get() + handled - fast);
            }
            double heard = link.heardSampleTime;
            double horizon = timeline.horizon();
            if (horizon < heard) {
                if (!recovering && !offline) {
                    stats.starvations.incrementAndGet();
                }
                recovering = false;
                timeline.padTo(heard + 0.002 * engineRate);
                publishHorizon();
                horizon = timeline.horizon();
            } else {
                recovering = false;
            }
            double target = heard + params[JamParams.LOOKAHEAD] * engineRate;
            boolean full = horizon >= target || (horizon >= heard + MIN_AHEAD_SECONDS * engineRate
                    && timeline.tokensAhead(heard) >= MAX_AHEAD_TOKENS);
            if (full) {
                warm = true; // the margin is measured once the lookahead was first filled (start-up excluded)
            }
            if (!offline && warm) {
                stats.margin((horizon - heard) * 1000.0 / engineRate);
            }
            followTempo();
            if (!full) {
                generate(); // one token, then look at the player's input again
            } else {
                if (!offline && timeline.mode() != JamMode.ENDLESS
                        && System.nanoTime() - lastModelNanos >= WARM_INTERVAL_NANOS) {
                    timeline.generator().runner().warm();
                    lastModelNanos = System.nanoTime();
                }
                LockSupport.parkNanos(offline ? 20_000 : IDLE_PARK_NANOS);
            }
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** This thread's CPU time in ns, or -1 when unsupported. */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private void generate() throws ModelException {
        timeline.generateOne();
        lastModelNanos = System.nanoTime();
        stats.tokens.incrementAndGet();
        publishHorizon();
    }

    private void publishHorizon() {
        link.horizonSampleTime = timeline.horizon();
    }

    private boolean onEarlyMessage(TimedEvent m, long sequence) {
        fromEarly[drained] = true;
        return copy(m);
    }

    private boolean onMessage(TimedEvent m, long sequence) {
        fromEarly[drained] = false;
        return copy(m);
    }

    private boolean copy(TimedEvent m) {
        int i = drained++;
        kind[i] = m.kind;
        time[i] = m.sampleTime;
        packed[i] = m.packedMidi;
        paramId[i] = m.paramId;
        value[i] = m.value;
        arrival[i] = m.arrivalNanos;
        inputSequence[i] = m.inputSequence;
        return drained < BATCH;
    }

    /** A player MIDI message; returns the time it was written into the timeline, or NaN. */
    private double onPlayer(int msg, long sampleTime) throws ModelException {
        int cmd = msg & 0xF0;
        if (cmd != Midi.NOTE_ON && cmd != Midi.NOTE_OFF) {
            return Double.NaN;
        }
        if (recordSink != null) {
            recordSink.event(sampleTime, msg, -1);
        }
        if (JamParams.isChordNote(msg, params)) {
            onChordNote(msg, sampleTime);
            return Double.NaN;
        }
        double heard = link.heardSampleTime;
        int before = timeline.epoch();
        long deep = timeline.deepRollbacks();
        double at = timeline.insertPlayerEvent(msg, sampleTime, heard);
        if (timeline.deepRollbacks() != deep) {
            stats.deepRollbacks.incrementAndGet();
        }
        if (timeline.epoch() != before) {
            stats.rollbacks.incrementAndGet();
            recovering = true;
            publishHorizon();
        }
        return at;
    }

    /** A note of the chord source: updates the chord; a changed chord is regenerated for after this batch. */
    private void onChordNote(int msg, long sampleTime) {
        int note = (msg >>> 8) & 0x7F;
        boolean on = (msg & 0xF0) == Midi.NOTE_ON && ((msg >>> 16) & 0x7F) > 0;
        if (!on) {
            harmony.noteOff(note);
        } else if (harmony.noteOn(note, sampleTime)) {
            stats.chords.set(harmony.chords());
            if (harmony.active()) {
                chordChangeAt = Math.min(chordChangeAt, sampleTime);
            }
        }
    }

    private void rollbackToHeard(Long newSeed) throws ModelException {
        timeline.rollbackToHeard(link.heardSampleTime, newSeed);
        afterRollback();
    }

    private void afterRollback() {
        stats.rollbacks.incrementAndGet();
        recovering = true;
        publishHorizon();
    }

    private void onParam(int id, double v) throws ModelException {
        if (id < 0 || id >= JamParams.COUNT) {
            return;
        }
        double old = params[id];
        params[id] = JamParams.INFOS[id].clamp(v);
        if (old == params[id] && id != JamParams.NEW_IDEA) {
            return;
        }
        if (id == JamParams.NEW_IDEA) {
            if (old < 0.5 && params[id] >= 0.5) {
                ideas++;
                rollbackToHeard(seed ^ (0x5DEECE66DL * ideas + 0x2545F4914F6CDD1DL));
            }
            return;
        }
        if (id >= JamParams.OWN_P1 && id <= JamParams.OWN_NO) {
            int before = timeline.ownedVoices();
            applySetting(id);
            rollbackToHeard(null);
            if (timeline.mode() != JamMode.ENDLESS) {
                timeline.releaseModelNotes(timeline.ownedVoices() & ~before);
            }
            return;
        }
        applySetting(id);
    }

    /** Applies parameter {@code id}'s value to the timeline; marks a regeneration where the future changes. */
    private void applySetting(int id) {
        double v = params[id];
        switch (id) {
            case JamParams.TEMPERATURE -> {
                sampler.temperature(v);
                resampleWanted = true;
            }
            case JamParams.TOP_K -> {
                sampler.topK((int) v);
                resampleWanted = true;
            }
            case JamParams.TOP_P -> {
                sampler.topP(v);
                resampleWanted = true;
            }
            case JamParams.MODE -> {
                timeline.mode(JamMode.fromParam(v));
                resampleWanted = true;
            }
            case JamParams.OWN_P1, JamParams.OWN_P2, JamParams.OWN_TR, JamParams.OWN_NO -> {
                int bits = 0;
                for (int k = 0; k < 4; k++) {
                    bits |= params[JamParams.OWN_P1 + k] >= 0.5 ? 1 << k : 0;
                }
                timeline.ownedVoices(bits);
            }
            case JamParams.SCALE_ROOT, JamParams.SCALE -> {
                timeline.scale((int) params[JamParams.SCALE_ROOT], (int) params[JamParams.SCALE]);
                resampleWanted = true;
            }
            case JamParams.MAX_NOTE_MS -> timeline.maxNoteSamples(v * 0.001 * engineRate);
            case JamParams.HARMONY -> {
                harmony.strength(v);
                resampleWanted = harmony.chordPitchClasses() != 0;
            }
            case JamParams.STRUCTURE -> {
                SongCache cache = timeline.generator().cache();
                if (cache != null) {
                    cache.structure(v);
                }
            }
            default -> {
            }
        }
    }

    /** Playback rate from the host tempo, and the call-response rest in samples at that tempo. */
    private void followTempo() {
        if (link.copyGrid(timeline, params[JamParams.GRID] >= 0.5) && recordSink != null) {
            recordSink.grid(timeline.gridOriginSampleTime(), timeline.gridSamplesPerBeat());
        }
        double bpm = link.tempoBpm;
        if (!(bpm > 0)) {
            bpm = 120;
        }
        double rate = 1.0;
        if (params[JamParams.FOLLOW_CLOCK] >= 0.5) {
            rate = bpm / params[JamParams.REFERENCE_BPM]; // the clock's tempo, or the internal one (--bpm)
        }
        if (Math.abs(rate - timeline.rate()) > 1e-3) {
            timeline.rate(rate);
        }
        timeline.restSamples(params[JamParams.REST_BEATS] * 60.0 / bpm * engineRate);
    }
}
