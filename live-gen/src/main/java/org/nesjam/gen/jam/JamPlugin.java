package org.nesjam.gen.jam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.gen.model.Generator;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.ModelRunner;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.model.SongCache;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.plugin.EarlyInput;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.EventSchedule;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.PendingEvents;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.PluginState;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;
import org.nesjam.threads.NesjamThread;

/**
 * The Transformer jam as a {@link PluginKind#GENERATOR} plugin: put it before the APU instrument in a chain and the
 * model plays the four NES voices on MIDI channels 1-4 (P1, P2, TR, NO), answering the player's MIDI.
 *
 * <h2>Design</h2>
 * The plugin owns a worker thread ({@link JamWorker}, which owns the model) and its lock-free connection to it
 * ({@link JamLink}). {@link #process} [audio-thread] forwards the player's note events and this plugin's parameter
 * changes to the worker, stamped with their absolute sample time ({@code block.sampleTime + blockOffset}); receives
 * the worker's scheduled events (absolute sample time + epoch) and rollbacks through the plugin API's
 * {@link EventSchedule}; emits the events due in the block into {@code outputEvents} at their block offsets
 * (the chain passes them, and the player's own events, to the instrument after it); and publishes the playhead.
 * Everything the worker did not produce in time is emitted late rather than lost, and counted.
 * <p>
 * Why a plugin: the same code then runs live (inside the real-time {@code Engine}) and offline
 * ({@code OfflineRenderer}, tests, deterministic renders), it sees the player's notes at the exact sample where the
 * instrument plays them, and it uses nothing a third-party generator could not (the plugin API's
 * {@link EventSchedule} and {@link org.nesjam.plugin.SlotRing}).
 * <p>
 * Safety nets on the audio thread: per channel it tracks the model's sounding note; a note sounding longer than
 * {@code max-note} plus 50 ms, a note started at or after a rollback's time (a stale event that slipped through
 * a race), or a note on a voice that gets muted is ended with a note-off.
 * <p>
 * Offline ({@link #setOffline}): {@code process} waits until the worker handled every forwarded event and generated
 * past the block, so renders are deterministic. Never use that mode on a real-time thread.
 * <p>
 * Threads: constructor, setters, {@code activate}/{@code deactivate}, state: [main-thread]; {@code process}:
 * [audio-thread], allocation-free, lock-free, no I/O after activation.
 */
public final class JamPlugin implements Plugin, Params, PluginState, EarlyInput {
    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("org.nesjam.generator",
            "nesjam Transformer jam", "0.1.0", "nesjam", PluginKind.GENERATOR, PluginApi.VERSION);
    private static final int TO_WORKER_RING = 4096;
    private static final int TO_AUDIO_RING = 16384;
    private static final int PENDING_CAPACITY = 16384;
    private static final double GUARD_SECONDS = 0.05;
    /**
     * Ring slots beyond the model's window: a rollback up to this many tokens is exact and costs no extra step (the
     * lookahead of 1.5 s is about 90 tokens at NES-MDB's average density); deeper ones re-prefill a window. Every
     * step attends over window + slots, and reading the KV cache is a large part of a step (compare
     * {@code nesjam bench gen --slots 256} with {@code --slots 128}), so this is no larger than the lookahead needs.
     */
    static final int ROLLBACK_SLOTS = 128;

    /** Opens the model the worker uses. [main-thread] */
    @FunctionalInterface
    public interface ModelSource {
        NesModel open() throws ModelException;
    }

    /**
     * Receives each emitted model event on the audio thread with its engine time ({@code sampleTime}, samples); must
     * be real-time safe (e.g. MidiOutput::trySendAt).
     */
    @FunctionalInterface
    public interface MidiTap {
        boolean trySend(int packedMidi, long sampleTime);

        /**
         * Takes back the note-ons sent for engine time {@code sampleTime} or later that have not left yet (e.g.
         * MidiOutput::retractNoteOnsFrom); by default there is nothing to take back.
         */
        default void retractNoteOnsFrom(long sampleTime) {
        }
    }

    private final ModelSource modelSource;
    private final boolean ownsModel;
    private final double[] params = new double[JamParams.COUNT];
    private long seed = 1;
    private int[] prompt = {Tx1Vocab.SEP};
    private boolean offline;
    private java.util.function.BooleanSupplier workerSetup;
    private volatile boolean workerBoosted;
    private MidiTap tap;
    private JamTimeline.EventOut recordSink;
    private JamTimeline.EventOut planSink;
    private JamStats stats = new JamStats(4096);

    // activation
    private NesModel model;
    private ModelRunner runner;
    private volatile JamLink link; // read by the MIDI thread (earlyInput)
    private JamWorker worker;
    private Thread workerThread;
    private final EventSchedule.RollbackListener onRollback = this::rolledBack;
    private double sampleRate;
    private boolean failedReported;

    // [audio-thread] state
    /** The schedule's pending overflows already added to {@code stats.pendingOverflow}. */
    private long countedOverflow;
    private final int[] soundingPitch = {-1, -1, -1, -1};
    private final long[] soundingSince = new long[4];
    private final boolean[] muted = new boolean[4];
    private long blockStart;
    private long blockEnd;
    private long rollbackPendingUntil;

    /** A jam on the shipped model ({@link NesModel#loadDefault()}), opened at activation. */
    public JamPlugin() {
        this(NesModel::loadDefault, true);
    }

    /** A jam on the model {@code source} opens at activation; {@code ownsModel}: close it at deactivation. */
    public JamPlugin(ModelSource source, boolean ownsModel) {
        this.modelSource = source;
        this.ownsModel = ownsModel;
        for (ParamInfo p : JamParams.INFOS) {
            params[p.id()] = p.defaultValue();
        }
    }

    // ------------------------------------------------------------------ configuration [main-thread, !active]

    /** Sampling seed (same seed, same player input and settings = same music offline). */
    public JamPlugin setSeed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Context tokens the model continues (default {@code <S>}: unconditional). */
    public JamPlugin setPrompt(int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("prompt needs at least one token");
        }
        this.prompt = tokens.clone();
        return this;
    }

    /** Offline rendering: {@link #process} waits for the worker (deterministic, not real-time safe). */
    public JamPlugin setOffline(boolean offline) {
        this.offline = offline;
        return this;
    }

    /** Every emitted model event also goes to {@code tap} (e.g. a virtual MIDI output), on the audio thread. */
    public JamPlugin setMidiTap(MidiTap tap) {
        this.tap = tap;
        return this;
    }

    /**
     * The MIDI ports' timing, in engine samples. {@code latencyFrames}: how long after a clock tick came its stamp
     * lies (a JACK MIDI input stamps each event one period after its frame), plus how long after its engine time a
     * model event leaves the MIDI output (one period for a JACK MIDI output); ticks are taken that much earlier, so
     * the model's notes leave on the host's grid (the {@code clock-lead} parameter adds to it).
     * {@code exactStampPeriod}: the input stamps ticks exact to the frame, but for a call a period this long late (a
     * JACK MIDI input; the clock then counts lost ticks from exact gaps, {@link HostClock#exactStamps}); 0: ticks are
     * placed by their arrival, within the engine's block. Both 0 by default. [any-thread]
     */
    public JamPlugin setPortTiming(int latencyFrames, int exactStampPeriod) {
        portLatencyFrames = latencyFrames;
        this.exactStampPeriod = exactStampPeriod;
        return this;
    }

    private volatile int portLatencyFrames;
    private volatile int exactStampPeriod;

    /**
     * Heard events for a recording, on the worker thread: the model events the plugin emitted, at their grid-placed
     * times (epoch 0), the player's note events as they arrive (epoch -1), and the host's beat grid when it moves.
     */
    public JamPlugin setRecordSink(JamTimeline.EventOut sink) {
        this.recordSink = sink;
        return this;
    }

    /**
     * The model's plan as the worker makes it, on the worker thread: every scheduled event (before it sounds, the
     * lookahead included) and every epoch change (a rollback: events of older epochs at or after its sample time will
     * not sound). For a display such as the control page's piano roll; it must not block or allocate (e.g. write a
     * preallocated ring). Null: none. [main-thread, before activation]
     */
    public JamPlugin setPlanSink(JamTimeline.EventOut sink) {
        this.planSink = sink;
        return this;
    }

    /**
     * Runs first on the worker thread each time it starts (e.g. raising its scheduling priority, which a plain
     * JVM cannot do); its result is {@link #workerBoosted()}. Null: none. Not used offline.
     */
    public JamPlugin setWorkerSetup(java.util.function.BooleanSupplier setup) {
        this.workerSetup = setup;
        return this;
    }

    /** [any-thread] True once the worker setup ran and reported success. */
    public boolean workerBoosted() {
        return workerBoosted;
    }

    public JamPlugin setStats(JamStats stats) {
        this.stats = stats;
        return this;
    }

    public JamStats stats() {
        return stats;
    }

    /** [any-thread] The worker's failure (generation stopped; the plugin then only passes the player through), or null. */
    public Throwable workerFailure() {
        JamLink l = link;
        return l == null ? null : l.failure;
    }

    /**
     * [midi-in-thread, thread-safe, wait-free] The fast path for the player's notes ({@link EarlyInput}): a live MIDI
     * input publishes each message to the engine, then hands it here with the engine sample time it will be played at
     * ({@code Engine.sampleTimeAt}) and the input sequence number the engine gave it. Note-ons and note-offs go
     * straight to the worker, which starts the rollback and regeneration at once instead of after the next audio
     * cycle; the copy that reaches {@link #process} a cycle later carries the same number and the worker acts on the
     * first of the two only ({@link org.nesjam.plugin.InputCopies}). Returns false when the message was not taken (not
     * a note, not active, or the ring was full): the audio path then handles it alone.
     */
    @Override
    public boolean earlyInput(int packedMidi, long sampleTime, long inputSequence, long arrivalNanos) {
        int cmd = packedMidi & 0xF0;
        JamLink l = link;
        if (l == null || (cmd != Midi.NOTE_ON && cmd != Midi.NOTE_OFF)) {
            return false;
        }
        return l.early(sampleTime, packedMidi, inputSequence, arrivalNanos);
    }

    /** [any-thread] Engine sample time up to which the model's timeline is generated (-inf before it started). */
    public double horizonSampleTime() {
        JamLink l = link;
        return l == null ? Double.NEGATIVE_INFINITY : l.horizonSampleTime;
    }

    /** [any-thread] The tempo of the host's grid (MIDI clock, or the internal tempo), in bpm; NaN before activation. */
    public double gridTempoBpm() {
        JamLink l = link;
        return l == null ? Double.NaN : l.tempoBpm;
    }

    /** [any-thread] True while MIDI clock ticks arrive (else the grid free-runs, or runs at the internal tempo). */
    public boolean clockFollowed() {
        JamLink l = link;
        return l != null && l.clockLocked;
    }

    /** [any-thread] The playhead as the plugin published it: events before it were emitted. */
    public long heardSampleTime() {
        JamLink l = link;
        return l == null ? -1 : l.heardSampleTime;
    }

    /** [any-thread] Player events and parameter changes the worker has fully handled. */
    public long ackedMessages() {
        JamLink l = link;
        return l == null ? 0 : l.ackedMessages.get();
    }

    /** [test] The model's token timeline (copy); call only when the worker is idle or stopped. */
    int[] timelineTokens() {
        return worker == null ? new int[0] : workerTimeline.generator().tokens();
    }

    private JamTimeline workerTimeline;

    // ------------------------------------------------------------------ lifecycle

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void activate(double sampleRate, int minFrames, int maxFrames) {
        if (link != null) {
            throw new IllegalStateException("already active");
        }
        this.sampleRate = sampleRate;
        try {
            model = modelSource.open();
            runner = model.newRunner(ROLLBACK_SLOTS);
        } catch (ModelException e) {
            closeModel();
            throw new IllegalStateException(e.getMessage(), e);
        }
        Sampler sampler = new Sampler(runner.vocabSize(), seed);
        Generator gen = new Generator(runner, sampler).cache(new SongCache(runner.vocabSize())
                .structure(params[JamParams.STRUCTURE]));
        link = new JamLink(TO_WORKER_RING, TO_AUDIO_RING, PENDING_CAPACITY);
        JamLink l = link;
        JamTimeline.EventOut plan = planSink;
        workerTimeline = new JamTimeline(gen, sampleRate, seed, new JamTimeline.EventOut() {
            @Override
            public void epoch(int epoch, long fromSampleTime) {
                l.schedule.rollback(epoch, fromSampleTime);
                if (plan != null) {
                    plan.epoch(epoch, fromSampleTime);
                }
            }

            @Override
            public void event(long sampleTime, int packedMidi, int epoch) {
                l.schedule.schedule(sampleTime, packedMidi, epoch);
                if (plan != null) {
                    plan.event(sampleTime, packedMidi, epoch);
                }
            }
        });
        worker = new JamWorker(link, workerTimeline, sampleRate, prompt, seed, offline, stats, recordSink, params);
        countedOverflow = 0;
        java.util.Arrays.fill(soundingPitch, -1);
        for (int ch = 0; ch < 4; ch++) {
            muted[ch] = params[JamParams.MUTE_P1 + ch] >= 0.5;
        }
        failedReported = false;
        gridSamplesPerBeat = 0;
        clock = new HostClock(sampleRate);
        java.util.Arrays.fill(gridDelay, 0);
        java.util.Arrays.fill(lastPlacedOn, Long.MIN_VALUE / 2);
        java.util.Arrays.fill(lastPlacedOff, Long.MIN_VALUE / 2);
        awaitBeat = false;
        beatHold = Long.MIN_VALUE;
        java.util.function.BooleanSupplier setup = offline ? null : workerSetup;
        JamWorker w = worker;
        workerThread = NesjamThread.GENERATOR.newThread(() -> {
            workerBoosted = setup != null && setup.getAsBoolean();
            w.run();
        });
        workerThread.setDaemon(true);
        workerThread.setPriority(Math.min(Thread.MAX_PRIORITY, Thread.NORM_PRIORITY + 1));
        workerThread.start();
    }

    @Override
    public void deactivate() {
        JamWorker w = worker;
        if (w != null) {
            w.requestStop();
            link.workerStopped = true;
            link.schedule.close(); // a worker waiting on a full schedule gives up
            try {
                workerThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
        workerThread = null;
        link = null;
        closeModel();
    }

    private void closeModel() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
        if (model != null && ownsModel) {
            model.close();
        }
        model = null;
    }

    // ------------------------------------------------------------------ the audio thread

    @Override
    public ProcessStatus process(ProcessBlock block) {
        JamLink l = link;
        long start = block.sampleTime;
        long end = start + block.frameCount;
        blockStart = start;
        blockEnd = end;
        EventBuffer in = block.inputEvents;
        EventBuffer out = block.outputEvents;
        long now = System.nanoTime();
        int exact = exactStampPeriod;
        clock.exactStamps(exact);
        clock.arrivalPeriod(exact > 0 ? 0 : block.frameCount); // else live input is placed within the engine's cycle
        for (int e = 0; e < in.size(); e++) {
            if (in.kind(e) == EventBuffer.MIDI && in.midiStatus(e) >= 0xF0) {
                onTransport(in.midi(e), start + in.dueOffset(e), in.blockOffset(e), out); // on time or late
                continue;
            }
            if (in.kind(e) == EventBuffer.PARAM) {
                int id = in.paramId(e);
                if (id >= 0 && id < JamParams.COUNT) {
                    double v = JamParams.INFOS[id].clamp(in.paramValue(e));
                    params[id] = v;
                    if (id >= JamParams.MUTE_P1 && id <= JamParams.MUTE_NO) {
                        setMuted(id - JamParams.MUTE_P1, v >= 0.5, in.blockOffset(e), out);
                    }
                    l.toWorker(JamMessage.PARAM, start + in.blockOffset(e), 0, id, v, now, EventBuffer.NO_SEQUENCE);
                }
                continue;
            }
            int status = in.midiStatus(e);
            int cmd = status & 0xF0;
            if (cmd == Midi.NOTE_ON || cmd == Midi.NOTE_OFF) {
                l.toWorker(JamMessage.MIDI, start + in.blockOffset(e), in.midi(e), 0, 0.0, now, in.inputSequence(e));
            }
        }
        if (!clock.clockSeen()) {
            clock.internalTempo(start, block.transport.tempoBpm);
        }
        publishGrid(l);
        l.clockLocked = clock.clockRecent(start) || block.transport.clockLocked;
        if (l.heardSampleTime < 0) {
            l.heardSampleTime = start; // the first block: the worker anchors its timeline here
        }
        if (offline) {
            waitForWorker(l, end);
        }
        l.schedule.receive(onRollback);
        PendingEvents pending = l.schedule.pending();
        if (l.schedule.pendingOverflow() != countedOverflow) {
            stats.pendingOverflow.addAndGet(l.schedule.pendingOverflow() - countedOverflow);
            countedOverflow = l.schedule.pendingOverflow();
        }
        int frames = block.frameCount;
        for (int ch = 0; ch < 4; ch++) {
            if (strayOff[ch]) {
                strayOff[ch] = false;
                if (soundingPitch[ch] >= 0) {
                    noteOff(ch, 0, out);
                    stats.guardNoteOffs.incrementAndGet();
                }
            }
        }
        while (pending.size() > 0 && pending.peekSampleTime() < end) {
            long t = pending.peekSampleTime();
            int msg = pending.peekMidi();
            int epoch = pending.peekEpoch();
            pending.removeTop();
            if ((msg & PLACED) != 0 && (msg & PLACEMENT_BITS) != placement << PLACEMENT_SHIFT) {
                msg &= ~(PLACED | PLACEMENT_BITS); // placed on a grid the host has left since: place it again
            }
            if ((msg & PLACED) == 0) {
                long placed = place(t, msg);
                if (placed < 0) {
                    continue; // a note-on the grid could not take (the voice is ahead of it by half a beat)
                }
                if (placed > t) {
                    // a moved note-off is never dropped by a rollback (its note may have sounded already; a note-off
                    // of a note that is not sounding is ignored by emit); a moved note-on keeps its epoch
                    boolean on = (msg & 0xF0) == Midi.NOTE_ON && ((msg >>> 16) & 0x7F) > 0;
                    if (!pending.addMidi(placed, msg | PLACED | placement << PLACEMENT_SHIFT,
                            on ? epoch : Integer.MAX_VALUE)) {
                        stats.pendingOverflow.incrementAndGet();
                    }
                    continue;
                }
            }
            msg &= ~(PLACED | PLACEMENT_BITS);
            if ((!clock.running() || clock.awaitingFirstTick(t)) && (msg & 0xF0) == Midi.NOTE_ON
                    && ((msg >>> 16) & 0x7F) > 0) {
                continue; // the host's transport is stopped, or Start's downbeat has not come: the model is silent
            }
            if (t < start) {
                stats.lateEvents.incrementAndGet();
                if (rollbackPendingUntil < start) {
                    stats.lateEventsNoRollback.incrementAndGet();
                }
            }
            emit(msg, t < start ? 0 : (int) (t - start), t < start ? start : t, out);
        }
        // hang guard
        long limit = (long) ((params[JamParams.MAX_NOTE_MS] * 0.001 + GUARD_SECONDS) * sampleRate);
        for (int ch = 0; ch < 4; ch++) {
            if (soundingPitch[ch] >= 0 && end - soundingSince[ch] > limit) {
                noteOff(ch, frames - 1, out);
                stats.guardNoteOffs.incrementAndGet();
            }
        }
        l.heardSampleTime = end;
        if (l.failure != null && !failedReported) {
            failedReported = true;
            for (int ch = 0; ch < 4; ch++) {
                if (soundingPitch[ch] >= 0) {
                    noteOff(ch, frames - 1, out);
                }
            }
        }
        return ProcessStatus.CONTINUE;
    }

    /** Marks a pending model event the grid already placed (bit 24 is unused by packed MIDI). */
    private static final int PLACED = 1 << 24;

    /** [audio-thread] Publishes the host clock's grid to the worker when it moved. */
    private void publishGrid(JamLink l) {
        double origin = clock.originSampleTime();
        double spb = clock.samplesPerBeat();
        if (origin != gridOriginSampleTime || spb != gridSamplesPerBeat) {
            gridOriginSampleTime = origin;
            gridSamplesPerBeat = spb;
            l.grid(origin, spb);
            l.tempoBpm = clock.tempoBpm();
        }
    }

    private double gridOriginSampleTime;
    private double gridSamplesPerBeat;
    private HostClock clock;
    /** Per model channel: how far its latest note-on was moved (engine samples), and where its events last went. */
    private final long[] gridDelay = new long[4];
    private final long[] lastPlacedOn = new long[4];
    private final long[] lastPlacedOff = new long[4];
    /** After Start or Continue: the next model note-on waits for a beat. */
    private boolean awaitBeat;
    /** Engine time of that first beat's note: no model note-on is placed before it. */
    private long beatHold;

    /**
     * [audio-thread] A clock, transport or song-position message at engine time {@code sampleTime}; Stop, Start,
     * Continue and Song Position Pointer end the model's sounding notes at once (block offset {@code offset}).
     */
    private void onTransport(int msg, long sampleTime, int offset, EventBuffer out) {
        switch (msg & 0xFF) {
            case 0xF8 -> {
                double pause = CLOCK_PAUSE_SECONDS * sampleRate;
                if ((lastTickEventSampleTime == Long.MIN_VALUE || sampleTime - lastTickEventSampleTime > pause)
                        && sampleTime - lastStartSampleTime > pause) {
                    // the clock resumes after a pause with no Start or Continue before it (lost on the way, or never
                    // sent): the transport started here, as after a Start
                    clock.start(sampleTime);
                    restarted(sampleTime, offset, out);
                    lastStartSampleTime = sampleTime;
                }
                lastTickEventSampleTime = sampleTime;
                clockTick(sampleTime);
            }
            case 0xFA -> {
                lastStartSampleTime = sampleTime;
                clock.start(sampleTime);
                if (lastTickEventSampleTime == sampleTime) {
                    // Start and its downbeat tick share a sample time (a host sends them in one JACK cycle) and
                    // came the other way round: the tick is the downbeat
                    clockTick(sampleTime);
                }
                restarted(sampleTime, offset, out);
            }
            case 0xFB -> {
                lastStartSampleTime = sampleTime;
                clock.resume(sampleTime);
                restarted(sampleTime, offset, out);
            }
            case 0xFC -> {
                clock.stop();
                retractNoteOns(sampleTime);
                for (int ch = 0; ch < 4; ch++) {
                    if (soundingPitch[ch] >= 0) {
                        noteOff(ch, offset, out);
                    }
                }
            }
            case 0xF2 -> {
                clock.songPosition(((msg >>> 8) & 0x7F) | ((msg >>> 16) & 0x7F) << 7);
                restarted(sampleTime, offset, out);
            }
            default -> {
            }
        }
        ClockLog log = clockLog;
        if (log != null) {
            log.add(sampleTime, msg & 0xFF, clock.nextTickIndex(), clock.beatAt(clockTime(sampleTime))
                    * HostClock.TICKS_PER_BEAT);
        }
    }

    /** Where {@link #onTransport} logs, or null. */
    private volatile ClockLog clockLog;

    /**
     * Logs every transport message and the host clock's count after it into {@code log} (null: stop). [any-thread]
     */
    public void logClock(ClockLog log) {
        clockLog = log;
    }

    /** Engine time a clock message stamped {@code sampleTime} stands for: moved ahead by the clock lead. */
    private double clockTime(long sampleTime) {
        return sampleTime - params[JamParams.CLOCK_LEAD_MS] * 0.001 * sampleRate - portLatencyFrames;
    }

    /** [audio-thread] A clock tick at engine time {@code sampleTime}, moved ahead by the clock lead; its counters. */
    private void clockTick(long sampleTime) {
        clock.tick(clockTime(sampleTime));
        stats.clockLostTicks.lazySet(clock.lostTicks());
        stats.clockDuplicateTicks.lazySet(clock.duplicateTicks());
        stats.clockPhaseJumps.lazySet(clock.phaseSteps());
    }

    /**
     * [audio-thread] The host's position changed at {@code sampleTime} (block offset {@code offset}): the model's
     * sounding notes end there, the next model note-on waits for a beat (a note held from before no longer delays
     * it off the beat), and notes placed on the old grid are placed again (their generation, bits 25-30, is older).
     */
    private void restarted(long sampleTime, int offset, EventBuffer out) {
        retractNoteOns(sampleTime);
        for (int ch = 0; ch < 4; ch++) {
            if (soundingPitch[ch] >= 0) {
                noteOff(ch, offset, out);
            }
            lastPlacedOn[ch] = Math.min(lastPlacedOn[ch], sampleTime);
            lastPlacedOff[ch] = Math.min(lastPlacedOff[ch], sampleTime);
            gridDelay[ch] = 0;
        }
        awaitBeat = true;
        placement = (placement + 1) & 63;
    }

    /**
     * [audio-thread] The host's transport stopped or moved at engine time {@code sampleTime} (its stamp, the ports'
     * latency after it happened): note-ons sent to the MIDI output that would leave after it are taken back.
     */
    private void retractNoteOns(long sampleTime) {
        MidiTap t = tap;
        if (t != null) {
            t.retractNoteOnsFrom(sampleTime - portLatencyFrames);
        }
    }

    /** Engine time of the newest Start or Continue (or implied one); a clock silent this long before a tick paused. */
    private long lastStartSampleTime = Long.MIN_VALUE / 2;
    static final double CLOCK_PAUSE_SECONDS = 0.5;

    /** Engine time of the newest clock tick (to put a tick that came just before its Start after it). */
    private long lastTickEventSampleTime = Long.MIN_VALUE;

    /** Generation of the grid placements (bumped by Start, Continue and Song Position Pointer). */
    private int placement;
    private static final int PLACEMENT_SHIFT = 25;
    private static final int PLACEMENT_BITS = 63 << PLACEMENT_SHIFT;

    /**
     * [audio-thread] Where model event {@code msg}, due at {@code t}, goes on the host's grid: a note-on of a model
     * voice to the next grid point (16th or 8th triplet; a beat after Start or Continue) at or after {@code t} and
     * after the voice's previous events, pulled by the {@code grid} parameter (1 = all the way, 0 = not at all);
     * its note-off by the same amount. Returns {@code t} (emit now), a later time (emit then), or -1 (drop a
     * note-on that would move by more than half a beat: a voice playing faster than the grid).
     */
    private long place(long t, int msg) {
        int ch = msg & 0x0F;
        double pull = params[JamParams.GRID];
        int cmd = msg & 0xF0;
        if (ch >= 4 || pull <= 0 || (cmd != Midi.NOTE_ON && cmd != Midi.NOTE_OFF)) {
            return t;
        }
        if (cmd == Midi.NOTE_ON && ((msg >>> 16) & 0x7F) > 0) {
            if (clock.awaitingFirstTick(t)) {
                return -1; // Start came, its downbeat not yet: no grid to place on
            }
            // never before the block being rendered: a grid point already played (the downbeat a clock's latency
            // ago) would be a late note off the grid
            long after = Math.max(Math.max(Math.max(t, blockStart), beatHold),
                    Math.max(lastPlacedOn[ch] + 1, lastPlacedOff[ch]));
            long placed = target(t, after, awaitBeat, pull);
            if (placed - t > clock.samplesPerBeat() / 2) {
                stats.gridDroppedNotes.incrementAndGet();
                return -1;
            }
            if (awaitBeat && clock.running()) {
                awaitBeat = false;
                beatHold = placed; // no other voice may start before this first beat
            }
            gridDelay[ch] = placed - t;
            lastPlacedOn[ch] = placed;
            return placed;
        }
        // never later than where a note-on at t would go: a note-off that ends a note for the next one goes with it
        long next = target(t, Math.max(t, lastPlacedOn[ch] + 1), false, pull);
        long placed = Math.max(Math.min(t + gridDelay[ch], next), lastPlacedOn[ch] + 1);
        lastPlacedOff[ch] = Math.max(lastPlacedOff[ch], placed);
        return placed;
    }

    /** Where a note-on due at {@code t} goes when it may not sound before {@code after} (see {@link #place}). */
    private long target(long t, long after, boolean beatsOnly, double pull) {
        double point = clock.gridAtOrAfter(after, beatsOnly);
        return Math.max(after, t + Math.round(pull * (point - t)));
    }

    /** [audio-thread, offline only] Wait until the worker handled everything and generated past {@code end}. */
    private static void waitForWorker(JamLink l, long end) {
        long forwarded = l.forwardedMessages.get();
        while (!l.workerStopped && (l.ackedMessages.get() < forwarded || l.horizonSampleTime < end)) {
            LockSupport.parkNanos(10_000);
        }
    }

    /** [audio-thread] The worker rolled back from {@code fromSampleTime}: end what the old plan started since. */
    private void rolledBack(int epoch, long fromSampleTime) {
        rollbackPendingUntil = blockEnd + (long) (0.3 * sampleRate);
        // a model note started at or after the rollback time is not in the new timeline: end it
        for (int ch = 0; ch < 4; ch++) {
            if (soundingPitch[ch] >= 0 && soundingSince[ch] >= fromSampleTime) {
                strayOff[ch] = true;
            }
        }
    }

    private final boolean[] strayOff = new boolean[4];

    /** [audio-thread] Emit one model event, applying mutes and tracking the sounding note per channel. */
    private void emit(int msg, int offset, long sampleTime, EventBuffer out) {
        int ch = msg & 0x0F;
        int cmd = msg & 0xF0;
        int note = (msg >>> 8) & 0x7F;
        boolean on = cmd == Midi.NOTE_ON && ((msg >>> 16) & 0x7F) > 0;
        if (ch < 4) {
            if (on) {
                if (muted[ch]) {
                    return;
                }
                soundingPitch[ch] = note;
                soundingSince[ch] = sampleTime;
            } else {
                if (soundingPitch[ch] != note) {
                    return; // not sounding (muted, or already ended by a guard)
                }
                soundingPitch[ch] = -1;
            }
        }
        out.addPackedMidi(offset, msg);
        stats.emittedEvents.incrementAndGet();
        heard(sampleTime, msg);
        MidiTap t = tap;
        if (t != null) {
            t.trySend(msg, sampleTime);
        }
    }

    private void noteOff(int ch, int offset, EventBuffer out) {
        int msg = Midi.pack(Midi.NOTE_OFF | ch, soundingPitch[ch], 0);
        soundingPitch[ch] = -1;
        out.addPackedMidi(offset, msg);
        heard(blockStart + offset, msg);
        MidiTap t = tap;
        if (t != null) {
            t.trySend(msg, blockStart + offset);
        }
    }

    /** [audio-thread] An emitted model event goes to the recording (through the worker), when there is one. */
    private void heard(long sampleTime, int msg) {
        if (recordSink != null) {
            link.toWorker(JamMessage.HEARD, sampleTime, msg, 0, 0.0, 0, EventBuffer.NO_SEQUENCE);
        }
    }

    private void setMuted(int ch, boolean on, int offset, EventBuffer out) {
        muted[ch] = on;
        if (on && soundingPitch[ch] >= 0) {
            noteOff(ch, offset, out);
        }
    }

    // ------------------------------------------------------------------ Params

    @Override
    public int paramCount() {
        return JamParams.COUNT;
    }

    @Override
    public ParamInfo paramInfo(int index) {
        return JamParams.INFOS[index];
    }

    @Override
    public double paramValue(int paramId) {
        return params[paramId];
    }

    @Override
    public void setParamValue(int paramId, double value) {
        if (paramId < 0 || paramId >= JamParams.COUNT) {
            throw new IllegalArgumentException("no parameter " + paramId);
        }
        params[paramId] = JamParams.INFOS[paramId].clamp(value);
        JamLink l = link;
        if (l != null) {
            // active but not processing: the worker still takes it (single producer: only while not processing)
            l.toWorker(JamMessage.PARAM, Math.max(0, l.heardSampleTime), 0, paramId, params[paramId], System.nanoTime(),
                    EventBuffer.NO_SEQUENCE);
        }
    }

    // ------------------------------------------------------------------ PluginState

    /** "key=value" lines plus {@code seed=...}; text, versioned by the first line. */
    @Override
    public byte[] saveState() {
        StringBuilder sb = new StringBuilder("nesjam-jam-state 1\n");
        sb.append("seed=").append(seed).append('\n');
        for (ParamInfo p : JamParams.INFOS) {
            sb.append(p.key()).append('=').append(params[p.id()]).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void loadState(byte[] state) throws IOException {
        String[] lines = new String(state, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].trim().equals("nesjam-jam-state 1")) {
            throw new IOException("not a jam generator state (expected 'nesjam-jam-state 1')");
        }
        double[] next = params.clone();
        long nextSeed = seed;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IOException("jam state line " + (i + 1) + ": expected key=value, got '" + line + "'");
            }
            String key = line.substring(0, eq);
            String val = line.substring(eq + 1);
            try {
                if (key.equals("seed")) {
                    nextSeed = Long.parseLong(val);
                    continue;
                }
                ParamInfo p = JamParams.byKey(key);
                if (p == null) {
                    throw new IOException("jam state line " + (i + 1) + ": unknown parameter '" + key + "'");
                }
                next[p.id()] = p.clamp(Double.parseDouble(val));
            } catch (NumberFormatException e) {
                throw new IOException("jam state line " + (i + 1) + ": '" + val + "' is not a number");
            }
        }
        System.arraycopy(next, 0, params, 0, params.length);
        seed = nextSeed;
    }
}
