package org.nesjam.host.rt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.nesjam.audio.AudioBackend;
import org.nesjam.audio.AudioBackendException;
import org.nesjam.audio.AudioCallback;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.ChainProcessor;
import org.nesjam.host.FaultSink;
import org.nesjam.host.PluginChain;
import org.nesjam.plugin.AudioBuffer;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.PendingEvents;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.SlotRing;
import org.nesjam.plugin.TimedEvent;
import org.nesjam.threads.NesjamThread;

/**
 * The real-time engine: runs a {@link ChainProcessor} (a {@link PluginChain}, or a
 * {@link org.nesjam.host.LiveChain} that swaps chains while playing) on an {@link AudioBackend}'s audio thread and feeds it events
 * from other threads through three {@link SlotRing}s, each drained once per cycle (no waiting):
 * <ul>
 *   <li><b>input</b> (multi-producer): live MIDI from MIDI threads, stamped with their arrival
 *   ({@link #publishMidi(int)}, {@link #publishMidiNanos}).</li>
 *   <li><b>schedule</b> (multi-producer; e.g. the feeder of a song, {@link EventSourceFeeder}): events at an
 *   absolute sample time ({@link #schedule}, {@link #scheduleParam}). The engine never takes events back: a
 *   generator that plans ahead and rolls back is a plugin, with the plugin API's
 *   {@link org.nesjam.plugin.EventSchedule}.</li>
 *   <li><b>control</b> (multi-producer): parameter changes, tempo, panic, applied at the next block's first
 *   frame.</li>
 * </ul>
 * Future events wait on the audio thread in a preallocated time-ordered buffer ({@link PendingEvents}); each is
 * handed to the chain in the block that contains its sample time, at {@code blockOffset = sampleTime -
 * blockStart}, so notes start on the right sample. A backend cycle longer than the chain's maximum block is split
 * into several blocks.
 *
 * <h2>Time</h2>
 * Absolute sample frames since the first {@link #start} (a later start, after a stop, resumes the count):
 * {@code sampleTime}, the device's frames: frames a backend played without calling the engine are skipped over
 * ({@link #framesSkipped}), so events keep their time on the device (a MIDI clock's ticks stay one tick apart). The
 * playhead ({@link #playheadSampleTime()}) is the first frame not yet rendered. A "now" event (arrival time in
 * {@link System#nanoTime()} units) is placed jitter-free by default: it sounds exactly one period after it arrived,
 * at {@code cycleStart + (arrival - previousCycleStartNanos) * rate}, clamped into the cycle;
 * {@link Options#jitterFree} false plays it at the next cycle's first frame instead (lower average latency, up to
 * one period of jitter).
 *
 * <h2>Lifecycle</h2>
 * {@code STOPPED -> STARTING -> RUNNING -> STOPPING -> STOPPED}, moved by compare-and-set. {@link #start} and
 * {@link #stop} are [main-thread]; {@code publish*}, {@code schedule*}, {@code set*} and the getters are
 * [any-thread], non-blocking and allocation-free (a full ring drops the event, counts it and returns false).
 * {@link #process} is [audio-thread]: it allocates nothing, takes no lock, does no I/O and logs nothing; errors
 * and meters go to {@link #counters()}.
 */
public final class Engine implements AudioCallback {
    // kinds of the rings' events (TimedEvent.kind): MIDI (packedMidi), PARAM (paramId, value), and on the control
    // ring TEMPO (value bpm, paramId 1 when clock-locked) and PANIC (CC 123 and 120 on all channels)
    private static final int MIDI = EventBuffer.MIDI;
    private static final int PARAM = EventBuffer.PARAM;
    private static final int TEMPO = 10;
    private static final int PANIC = 12;
    /** sampleTime of input and control events: placed by the audio thread (input: by its arrivalNanos). */
    private static final long NOW = Long.MIN_VALUE;

    /** Engine lifecycle. */
    public enum State { STOPPED, STARTING, RUNNING, STOPPING }

    /**
     * Sizes and policies.
     *
     * @param channelCount     output channels of a chain built by {@link #Engine(List, Options)}
     * @param maxBlockFrames   largest block of such a chain; longer backend cycles are split
     * @param blockEventCapacity events per block of such a chain (more are dropped and counted)
     * @param inputRingSize    input ring slots (power of two)
     * @param scheduleRingSize schedule ring slots (power of two)
     * @param controlRingSize  control ring slots (power of two)
     * @param pendingCapacity  future events the audio thread can hold
     * @param jitterFree       place "now" events one period after arrival (true) or at the next cycle start
     */
    public record Options(int channelCount, int maxBlockFrames, int blockEventCapacity, int inputRingSize,
                          int scheduleRingSize, int controlRingSize, int pendingCapacity, boolean jitterFree) {
        public static final Options DEFAULT = new Options(2, 512, 1024, 4096, 8192, 1024, 16384, true);

        public Options withJitterFree(boolean on) {
            return new Options(channelCount, maxBlockFrames, blockEventCapacity, inputRingSize, scheduleRingSize,
                    controlRingSize, pendingCapacity, on);
        }

        public Options withMaxBlockFrames(int frames) {
            return new Options(channelCount, frames, blockEventCapacity, inputRingSize, scheduleRingSize,
                    controlRingSize, pendingCapacity, jitterFree);
        }
    }

    private final Options options;
    private final ChainProcessor chain;
    /** The chain the engine activates and deactivates itself, or null when the caller owns the chain. */
    private final PluginChain ownedChain;
    private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);
    private final EngineCounters counters;
    private final EngineClock clock = new EngineClock();
    private final AtomicReference<String> backendStopReason = new AtomicReference<>();
    private volatile CountDownLatch ended = new CountDownLatch(1);
    private volatile CountDownLatch stopped = new CountDownLatch(0);

    private final SlotRing<TimedEvent> inputRing;
    private final SlotRing<TimedEvent> scheduleRing;
    private final SlotRing<TimedEvent> controlRing;
    private final SlotRing.Handler<TimedEvent> inputHandler = this::onInput;
    private final SlotRing.Handler<TimedEvent> scheduleHandler = this::onSchedule;
    private final SlotRing.Handler<TimedEvent> controlHandler = this::onControl;

    // [audio-thread] state
    private final PendingEvents pending;
    private long sampleTime;
    private long cycleStartSampleTime;
    private int cycleFrames;
    private long previousCycleNanos;
    private int sampleRate;

    private AudioBackend backend;
    private volatile Recorder recorder;
    private Thread shutdownHook;

    /**
     * [main-thread] An engine running {@code plugins} in order (an instrument first, usually) in a
     * {@link PluginChain} it owns: {@link #start} activates it at the backend's rate, {@link #stop} deactivates
     * it. Faults are counted in {@link #counters()} and the plugin kept in {@link #lastFaultyPlugin()}.
     */
    public Engine(List<Plugin> plugins, Options options) {
        this(new EngineCounters(), plugins, options);
    }

    private Engine(EngineCounters counters, List<Plugin> plugins, Options options) {
        this(new PluginChain(plugins, options.channelCount(), options.maxBlockFrames(),
                options.blockEventCapacity(), (FaultSink) counters), counters, options, true);
    }

    /**
     * [main-thread] An engine running a chain the caller owns and has already activated at the backend's sample
     * rate (open the backend first to learn it); the caller deactivates it after {@link #stop}. Plugin faults go
     * where the chain was told to send them.
     */
    public Engine(ChainProcessor chain, Options options) {
        this(chain, new EngineCounters(), options, false);
    }

    private Engine(ChainProcessor chain, EngineCounters counters, Options options, boolean ownsChain) {
        this.options = options;
        this.counters = counters;
        this.chain = chain;
        this.ownedChain = ownsChain ? (PluginChain) chain : null;
        this.pending = new PendingEvents(options.pendingCapacity());
        inputRing = SlotRing.multiProducer(TimedEvent::new, options.inputRingSize());
        scheduleRing = SlotRing.multiProducer(TimedEvent::new, options.scheduleRingSize());
        controlRing = SlotRing.multiProducer(TimedEvent::new, options.controlRingSize());
    }

    /** [main-thread] An engine with {@link Options#DEFAULT}. */
    public Engine(List<Plugin> plugins) {
        this(plugins, Options.DEFAULT);
    }

    // ------------------------------------------------------------------ lifecycle [main-thread]

    /**
     * [main-thread] Open {@code backend} if needed, activate the chain at the backend's sample rate and start the
     * audio thread. On failure everything is released again and the engine is STOPPED.
     *
     * @throws IllegalStateException when the engine is not STOPPED
     */
    public void start(AudioBackend backend) throws AudioBackendException {
        if (!state.compareAndSet(State.STOPPED, State.STARTING)) {
            throw new IllegalStateException("engine is " + state.get() + ", not STOPPED");
        }
        stopped = new CountDownLatch(1);
        ended = new CountDownLatch(1);
        backendStopReason.set(null);
        boolean activated = false;
        try {
            AudioConfig config = backend.config() != null ? backend.config() : backend.open();
            sampleRate = config.sampleRate();
            clock.setSampleRate(sampleRate);
            if (ownedChain != null) {
                ownedChain.activate(sampleRate);
                activated = true;
            } else if (chain.block().sampleRate != sampleRate) {
                throw new IllegalStateException("chain activated at " + chain.block().sampleRate
                        + " Hz but the backend runs at " + sampleRate + " Hz");
            }
            this.backend = backend;
            backend.start(this);
            state.set(State.RUNNING);
        } catch (AudioBackendException | RuntimeException e) {
            backend.stop();
            if (activated) {
                ownedChain.deactivate();
            }
            backend.close();
            this.backend = null;
            state.set(State.STOPPED);
            stopped.countDown();
            ended.countDown();
            throw e;
        }
    }

    /**
     * [main-thread, or a shutdown hook] Stop the audio thread, deactivate the chain, close the backend and the
     * recording (both stay playable). Idempotent; a second concurrent caller waits for the first (up to 10 s).
     * Never hangs on a dead audio server: backends guarantee stop/close return.
     */
    public void stop() {
        if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            AudioBackend b = backend;
            if (b != null) {
                b.stop();
            }
            if (ownedChain != null) {
                ownedChain.deactivate();
            }
            if (b != null) {
                b.close();
            }
            stopRecording();
        } finally {
            backend = null;
            state.set(State.STOPPED);
            stopped.countDown();
            ended.countDown();
        }
    }

    /** [main-thread] Call {@link #stop()} when the JVM exits (Ctrl-C), so files are finalized. Idempotent. */
    public synchronized void stopOnShutdown() {
        if (shutdownHook == null) {
            shutdownHook = NesjamThread.SHUTDOWN.newThread("engine", this::stop);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * [main-thread] Wait until the backend stopped by itself (reason in {@link #backendStopReason()}) or
     * {@link #stop()} was called; true when that happened within the timeout.
     */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** [any-thread] Why the backend stopped by itself (one line), or null. */
    public String backendStopReason() {
        return backendStopReason.get();
    }

    /** [any-thread] Called by the backend (never on the audio thread) when it stops on its own. */
    @Override
    public void backendStopped(String reason) {
        backendStopReason.compareAndSet(null, reason);
        ended.countDown();
    }

    /** [any-thread] Current lifecycle state. */
    public State state() {
        return state.get();
    }

    /**
     * [main-thread] Record the output to {@code path} (16-bit WAV) from the next cycle on, replacing (and
     * finalizing) any previous recording. Needs the sample rate, so call it after {@link #start}.
     */
    public Recorder startRecording(Path path) throws IOException {
        if (sampleRate == 0) {
            throw new IllegalStateException("start the engine before recording");
        }
        Recorder r = new Recorder(path, sampleRate, chain.block().audio.channelCount(),
                counters.recorderOverflowFrames);
        Recorder old = recorder;
        recorder = r;
        if (old != null) {
            old.close();
        }
        return r;
    }

    /** [any-thread] Whether the engine activates its chain itself, at whatever rate {@link #start}'s backend runs. */
    public boolean ownsChain() {
        return ownedChain != null;
    }

    /** [any-thread] The file being recorded to, or null. */
    public Path recordingPath() {
        Recorder r = recorder;
        return r == null ? null : r.path();
    }

    /** [main-thread] Finalize the recording, if any. Problems are printed as one line on stderr. */
    public void stopRecording() {
        Recorder r = recorder;
        recorder = null;
        if (r != null) {
            try {
                r.close();
            } catch (IOException e) {
                System.err.println("nesjam: recording " + r.path() + " failed: " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ queries [any-thread]

    /** The chain the engine runs. */
    public ChainProcessor chain() {
        return chain;
    }

    public Options options() {
        return options;
    }

    /** Sample rate in Hz of the running backend (0 before the first start). */
    public int sampleRate() {
        return sampleRate;
    }

    /** The backend while started, else null. */
    public AudioBackend backend() {
        return backend;
    }

    /** First sample frame not yet rendered; frames before it are heard (or being heard) and immutable. */
    public long playheadSampleTime() {
        return clock.playhead();
    }

    /**
     * The sample time an event arriving now would get with jitter-free placement: the earliest frame that can
     * still be rendered sample-accurately. Generators schedule at or after it.
     */
    public long nowSampleTime() {
        return sampleTimeAt(System.nanoTime());
    }

    /**
     * [any-thread] The sample time a live event that arrived at {@code arrivalNanos} will get from
     * {@link #publishMidiNanos} with jitter-free placement (with next-cycle placement it lands up to one period
     * earlier). For fast paths that act on a live note before the audio thread has seen it.
     */
    public long sampleTimeAt(long arrivalNanos) {
        return clock.nowSampleTime(arrivalNanos);
    }

    /** Xruns reported by the backend since start (0 when stopped). */
    public long xrunCount() {
        AudioBackend b = backend;
        return b == null ? 0 : b.xrunCount();
    }

    public EngineCounters counters() {
        return counters;
    }

    /** The last plugin that failed in an engine-owned chain (it is bypassed from then on), or null. */
    public Plugin lastFaultyPlugin() {
        return counters.lastFaultyPlugin.get();
    }

    // ------------------------------------------------------------------ producers [any-thread]

    /** Live MIDI that arrived now ({@code status | data1 << 8 | data2 << 16}). False when the ring was full. */
    public boolean publishMidi(int packedMidi) {
        return publishMidiNanos(packedMidi, System.nanoTime()) != EventBuffer.NO_SEQUENCE;
    }

    /**
     * Live MIDI that arrived at {@code arrivalNanos} ({@link System#nanoTime()} units); fits
     * {@code org.nesjam.midi.live.MidiReceiver} as {@code engine::publishMidiNanos}. Returns the message's input
     * sequence number, which it carries into the chain ({@link EventBuffer#inputSequence}; hand it to an
     * {@link org.nesjam.plugin.EarlyInput} with the message), or {@link EventBuffer#NO_SEQUENCE} when the ring was
     * full.
     */
    public long publishMidiNanos(int packedMidi, long arrivalNanos) {
        return publish(inputRing, counters.inputDropped, MIDI, NOW, arrivalNanos,
                packedMidi, 0, 0.0);
    }

    /**
     * {@link #publishMidiNanos} for live MIDI whose device stamped it with the engine's {@code sampleTime} (a JACK
     * MIDI port reading the {@link org.nesjam.audio.DeviceTimeline}): it plays there, not where its arrival would
     * put it; a sample time already rendered plays at once and is counted late.
     */
    public long publishMidiAt(int packedMidi, long sampleTime, long arrivalNanos) {
        return publish(inputRing, counters.inputDropped, MIDI, sampleTime, arrivalNanos,
                packedMidi, 0, 0.0);
    }

    /** A MIDI event at an absolute {@code sampleTime} (already rendered: plays at once, counted late). */
    public boolean schedule(int packedMidi, long sampleTime) {
        return publish(scheduleRing, counters.scheduleDropped, MIDI, sampleTime, 0, packedMidi, 0,
                0.0) >= 0;
    }

    /** A parameter change at an absolute {@code sampleTime}. */
    public boolean scheduleParam(int paramId, double value, long sampleTime) {
        return publish(scheduleRing, counters.scheduleDropped, PARAM, sampleTime, 0, 0, paramId,
                value) >= 0;
    }

    /** A parameter change at the next block's first frame. */
    public boolean setParam(int paramId, double value) {
        return publish(controlRing, counters.controlDropped, PARAM, NOW, 0, 0, paramId,
                value) >= 0;
    }

    /** The transport tempo (from MIDI clock when {@code clockLocked}). */
    public boolean setTempo(double bpm, boolean clockLocked) {
        return publish(controlRing, counters.controlDropped, TEMPO, NOW, 0, 0,
                clockLocked ? 1 : 0, bpm) >= 0;
    }

    /** Panic: All Notes Off (CC 123) and All Sound Off (CC 120) on all 16 channels at the next block. */
    public boolean allNotesOff() {
        return publish(controlRing, counters.controlDropped, PANIC, NOW, 0, 0, 0,
                0.0) >= 0;
    }

    /** Publishes one event; its ring sequence, or -1 (counted in {@code dropped}) when the ring was full. */
    private static long publish(SlotRing<TimedEvent> ring, AtomicLong dropped, int kind, long sampleTime,
                                long arrivalNanos, int packedMidi, int paramId, double value) {
        long seq = TimedEvent.publish(ring, kind, sampleTime, packedMidi, paramId, value, 0, arrivalNanos,
                EventBuffer.NO_SEQUENCE);
        if (seq < 0) {
            dropped.incrementAndGet();
        }
        return seq;
    }

    // ------------------------------------------------------------------ the audio thread

    /** [audio-thread] One backend cycle. See the class comment. */
    @Override
    public void process(float[][] out, int frameCount) {
        long startNanos = System.nanoTime();
        int channels = out.length;
        if (frameCount <= 0) {
            return;
        }
        if (state.get() != State.RUNNING && state.get() != State.STARTING) {
            silence(out, 0, frameCount);
            return;
        }
        long cycleStart = sampleTime;
        try {
            clock.publishCycle(startNanos, cycleStart, frameCount);
            cycleStartSampleTime = cycleStart;
            cycleFrames = frameCount;
            controlRing.poll(controlHandler);
            scheduleRing.poll(scheduleHandler);
            inputRing.poll(inputHandler);
            renderCycle(out, channels, cycleStart, frameCount);
        } catch (Throwable t) {
            EngineCounters.bump(counters.renderErrors);
            silence(out, 0, frameCount);
        }
        Recorder r = recorder;
        if (r != null) {
            r.offer(out, frameCount);
        }
        previousCycleNanos = startNanos;
        sampleTime = cycleStart + frameCount;
        clock.publishPlayhead(sampleTime);
        EngineCounters.bump(counters.cycles);
        EngineCounters.add(counters.framesRendered, frameCount);
        long took = System.nanoTime() - startNanos;
        counters.lastCycleNanos.lazySet(took);
        if (took > counters.maxCycleNanos.get()) {
            counters.maxCycleNanos.lazySet(took);
        }
    }

    private void renderCycle(float[][] out, int channels, long cycleStart, int frameCount) {
        ProcessBlock b = chain.block();
        AudioBuffer audio = b.audio;
        int chainChannels = audio.channelCount();
        int maxBlock = audio.maxFrames();
        float peak = 0f;
        int pos = 0;
        while (pos < frameCount) {
            int n = Math.min(maxBlock, frameCount - pos);
            long blockStart = cycleStart + pos;
            long blockEnd = blockStart + n;
            b.frameCount = n;
            b.sampleTime = blockStart;
            b.inputEvents.clear();
            while (pending.size() > 0 && pending.peekSampleTime() < blockEnd) {
                if (pending.peekSampleTime() < blockStart) {
                    EngineCounters.bump(counters.lateEvents);
                }
                if (!pending.pollInto(b.inputEvents, blockStart)) {
                    EngineCounters.bump(counters.blockEventOverflow);
                }
            }
            chain.process();
            for (int c = 0; c < channels; c++) {
                float[] src = audio.channel(c < chainChannels ? c : chainChannels - 1);
                float[] dst = out[c];
                System.arraycopy(src, 0, dst, pos, n);
                for (int i = 0; i < n; i++) {
                    float a = Math.abs(src[i]);
                    if (a > peak) {
                        peak = a;
                    }
                }
            }
            b.transport.beatPosition += n * b.transport.tempoBpm / (60.0 * sampleRate);
            pos += n;
        }
        counters.lastPeakBits.lazySet(Float.floatToRawIntBits(peak));
    }

    private static void silence(float[][] out, int from, int to) {
        for (float[] c : out) {
            java.util.Arrays.fill(c, from, to, 0f);
        }
    }

    /**
     * [audio-thread] Input ring: live events, placed by their arrival (or at the sample time their device stamped),
     * numbered by their ring sequence.
     */
    private boolean onInput(TimedEvent e, long sequence) {
        long t = e.sampleTime == NOW ? placeNow(e.arrivalNanos) : e.sampleTime;
        if (!pending.add(t, e.kind, e.packedMidi, e.paramId, e.value, 0, sequence)) {
            EngineCounters.bump(counters.pendingOverflow);
        }
        return true;
    }

    /** [audio-thread] Schedule ring: events at their sample time. */
    private boolean onSchedule(TimedEvent e, long sequence) {
        addPending(e.sampleTime, e.kind, e.packedMidi, e.paramId, e.value);
        return true;
    }

    /** [audio-thread] Control ring: parameters, tempo and panic at the cycle's first frame. */
    private boolean onControl(TimedEvent e, long sequence) {
        long t = cycleStartSampleTime;
        switch (e.kind) {
            case PARAM:
                addPending(t, PARAM, 0, e.paramId, e.value);
                break;
            case TEMPO:
                if (e.value > 0 && e.value < 1000) {
                    chain.block().transport.tempoBpm = e.value;
                }
                chain.block().transport.clockLocked = e.paramId == 1;
                break;
            case PANIC:
                for (int ch = 0; ch < 16; ch++) {
                    addPending(t, MIDI, Midi.pack(Midi.CONTROL_CHANGE | ch, Midi.CC_ALL_NOTES_OFF, 0), 0,
                            0.0);
                    addPending(t, MIDI, Midi.pack(Midi.CONTROL_CHANGE | ch, Midi.CC_ALL_SOUND_OFF, 0), 0,
                            0.0);
                }
                break;
            default:
                break;
        }
        return true;
    }

    /** [audio-thread] The engine's events carry epoch 0: it never drops scheduled events. */
    private void addPending(long t, int kind, int packedMidi, int paramId, double value) {
        if (!pending.add(t, kind, packedMidi, paramId, value, 0)) {
            EngineCounters.bump(counters.pendingOverflow);
        }
    }

    /**
     * [audio-thread] The backend played {@code frames} frames without calling {@link #process}: the next cycle starts
     * that much later (events due in between are late and play at its start).
     */
    @Override
    public void framesSkipped(long frames) {
        if (frames > 0 && (state.get() == State.RUNNING || state.get() == State.STARTING)) {
            sampleTime += frames;
            clock.publishPlayhead(sampleTime);
            EngineCounters.add(counters.framesSkipped, frames);
        }
    }

    /** [audio-thread] The next cycle's first sample time while the engine runs, else -1 (no timeline). */
    @Override
    public long nextSampleTime() {
        State st = state.get();
        return st == State.RUNNING || st == State.STARTING ? sampleTime : -1;
    }

    /** [audio-thread] Sample time of a "now" event that arrived at {@code arrivalNanos}. */
    private long placeNow(long arrivalNanos) {
        long start = cycleStartSampleTime;
        if (!options.jitterFree() || previousCycleNanos == 0) {
            return start;
        }
        long offset = (arrivalNanos - previousCycleNanos) * sampleRate / 1_000_000_000L;
        if (offset < 0) {
            return start;
        }
        return start + Math.min(offset, cycleFrames - 1);
    }

}
