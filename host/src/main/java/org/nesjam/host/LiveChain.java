package org.nesjam.host;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.threads.NesjamThread;

/**
 * The chain the audio thread plays, swappable while playing without a glitch (JUCE's RenderSequenceExchange idea):
 * <ol>
 *   <li>[main-thread] build and activate the new chain off the audio thread ({@link ChainBuilder#build}), then
 *   {@link #submit} it: one {@code AtomicReference} store.</li>
 *   <li>[audio-thread] at the next block boundary {@link #process} takes it, and for {@code crossfadeFrames}
 *   renders old and new chain side by side (MIDI goes to both, so note-offs still reach the old one) and mixes
 *   them with a linear crossfade whose gains sum to 1: no step in the output, only a bounded slope.</li>
 *   <li>[audio-thread] when the fade ends the old chain is put in a one-slot retired box (never destroyed on the
 *   audio thread; a swap waits while the box is full), and [main-thread] {@link #reclaim} (or the reclaimer
 *   thread, {@link #startReclaimer}) deactivates and destroys it.</li>
 * </ol>
 * Parameter changes (control surface, {@code --set}, presets without state) go through {@link #setParam}: a
 * {@link ParamChangeQueue} turned into sample-accurate PARAM events for the current chain; plugins smooth them.
 * MIDI CCs mapped in the chain's {@link CcMap} become PARAM events at the CC's own offset; {@link #armCcLearn}
 * captures the next CC so the control thread can bind it ({@link #bindLearnedCc}).
 * <p>
 * Engine use: call {@link #block()} / {@link #process()} from the audio callback exactly like a
 * {@link PluginChain}; everything else from control threads. Allocation-free on the audio thread.
 */
public final class LiveChain implements ChainProcessor, AutoCloseable {
    /** Default crossfade on a chain swap: 10 ms at 48 kHz. */
    public static final int DEFAULT_CROSSFADE_FRAMES = 480;

    private final ProcessBlock block;
    private final int crossfadeFrames;
    private final AtomicReference<PreparedChain> pending = new AtomicReference<>();
    private final AtomicReference<PreparedChain> retired = new AtomicReference<>();
    private final ParamChangeQueue control;
    private final AtomicInteger learnedCc = new AtomicInteger(-1);
    private volatile boolean learnArmed;
    /** Written only by the audio thread; read by control threads. */
    private volatile PreparedChain current;
    private PreparedChain fading;
    private int fadePosition;
    private volatile boolean fadeActive;
    private volatile long swapCount;
    private Thread reclaimer;
    private volatile boolean closed;

    /**
     * @param channelCount output channels; every submitted chain must have the same
     * @param maxFrames the largest block; every submitted chain must allow at least this many frames
     * @param eventCapacity events per block
     * @param crossfadeFrames length of the swap crossfade (1 = hard switch)
     */
    public LiveChain(int channelCount, int maxFrames, int eventCapacity, int crossfadeFrames) {
        if (crossfadeFrames < 1) {
            throw new IllegalArgumentException("crossfadeFrames must be >= 1");
        }
        this.block = new ProcessBlock(channelCount, maxFrames, eventCapacity);
        this.crossfadeFrames = crossfadeFrames;
        this.control = new ParamChangeQueue(256);
    }

    public int crossfadeFrames() {
        return crossfadeFrames;
    }

    /**
     * [main-thread] Hand {@code next} (activated, not processing) to the audio thread; it is taken at the next block
     * boundary. A chain submitted earlier and not yet taken is destroyed here. Ownership passes to this LiveChain.
     */
    public void submit(PreparedChain next) {
        ProcessBlock nb = next.chain().block();
        if (nb.audio.channelCount() != block.audio.channelCount() || nb.audio.maxFrames() < block.audio.maxFrames()) {
            throw new IllegalArgumentException("chain format differs: " + nb.audio.channelCount() + " channels, "
                    + nb.audio.maxFrames() + " frames; live chain has " + block.audio.channelCount() + ", "
                    + block.audio.maxFrames());
        }
        if (!next.chain().isActive()) {
            throw new IllegalArgumentException("submit an activated chain (ChainBuilder.build activates)");
        }
        reclaim();
        PreparedChain displaced = pending.getAndSet(next);
        if (displaced != null) {
            displaced.chain().destroy();
        }
    }

    /**
     * [main-thread, while the audio thread does not run] Activate the current chain, and one submitted but not yet
     * taken, again at {@code sampleRate}: for an audio server that came back at another rate. Plugins lose what
     * they were sounding; parameters, CC map and state stay.
     *
     * @throws RuntimeException what a plugin's {@code activate} threw (that chain is then inactive)
     */
    public void reactivate(double sampleRate) {
        for (PreparedChain c : new PreparedChain[] {current, pending.get()}) {
            if (c != null) {
                c.chain().deactivate();
                c.chain().activate(sampleRate);
            }
        }
        block.sampleRate = sampleRate;
    }

    /** [any-thread] The chain the audio thread is playing (the new one from the first block of a crossfade). */
    public PreparedChain current() {
        return current;
    }

    /** [any-thread] True while a submitted chain has not been taken or not been fully faded in. */
    public boolean swapInProgress() {
        return pending.get() != null || fadeActive;
    }

    /** [any-thread] Chains taken over by the audio thread so far. */
    public long swapCount() {
        return swapCount;
    }

    /**
     * [main-thread] Destroy the chain the audio thread retired, if any. Returns true when one was destroyed. Call it
     * now and then (the reclaimer thread does); a further swap waits until the box is empty.
     */
    public boolean reclaim() {
        PreparedChain old = retired.getAndSet(null);
        if (old == null) {
            return false;
        }
        old.chain().destroy();
        return true;
    }

    /** [main-thread] Start a daemon thread that calls {@link #reclaim} every 20 ms until {@link #close}. */
    public synchronized void startReclaimer() {
        if (reclaimer != null) {
            return;
        }
        reclaimer = NesjamThread.CHAIN_RECLAIMER.newThread(() -> {
            while (!closed) {
                reclaim();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reclaimer.setDaemon(true);
        reclaimer.start();
    }

    /**
     * [control-thread] Set {@code paramId} of the plugin at {@code chainIndex} of the current chain at
     * {@code sampleTime} ({@link ParamChangeQueue#NOW} for the next block). False when the queue is full.
     */
    public boolean setParam(int chainIndex, int paramId, double value, long sampleTime) {
        return control.offer(chainIndex, paramId, value, sampleTime);
    }

    /** [control-thread] Capture the next MIDI CC that arrives (CC learn). */
    public void armCcLearn() {
        learnedCc.set(-1);
        learnArmed = true;
    }

    /** [control-thread] The learned CC as {@code channel << 7 | cc} (channel 0-based), or -1 while none yet. */
    public int learnedCc() {
        return learnedCc.get();
    }

    /**
     * [control-thread] Bind the learned CC to parameter {@code key} of the plugin at {@code chainIndex} in the
     * current chain (replacing an existing binding of that CC). Returns the binding, or null when nothing was learned.
     */
    public ChainSpec.CcBinding bindLearnedCc(int chainIndex, String key) throws org.nesjam.json.JsonException {
        int packed = learnedCc.get();
        PreparedChain cur = current;
        if (packed < 0 || cur == null) {
            return null;
        }
        ChainSpec.CcBinding b = new ChainSpec.CcBinding(packed >> 7, packed & 0x7F, chainIndex, key);
        cur.setCcMap(cur.ccMap().with(b, cur.chain().plugins(), "cc learn"));
        learnedCc.set(-1);
        return b;
    }

    @Override
    public ProcessBlock block() {
        return block;
    }

    /** [audio-thread] Render {@link #block()} with the current chain, swapping and crossfading as described above. */
    @Override
    public void process() {
        PreparedChain cur = current;
        if (fading == null && retired.get() == null) {
            PreparedChain next = pending.getAndSet(null);
            if (next != null) {
                if (cur != null) {
                    fading = cur;
                    fadePosition = 0;
                    fadeActive = true;
                }
                cur = next;
                current = next;
                swapCount++;
            }
        }
        ProcessBlock b = block;
        int frames = b.frameCount;
        EventBuffer in = b.inputEvents;
        if (learnArmed) {
            for (int e = 0; e < in.size(); e++) {
                if (in.kind(e) == EventBuffer.MIDI && Midi.command(in.midiStatus(e)) == Midi.CONTROL_CHANGE) {
                    learnedCc.set(Midi.channel(in.midiStatus(e)) << 7 | in.midiData1(e));
                    learnArmed = false;
                    break;
                }
            }
        }
        if (cur == null) {
            b.audio.clear(frames);
            control.drainInto(in, b.sampleTime, frames); // nothing to apply them to; keep the queue moving
            return;
        }
        ProcessBlock cb = cur.chain().block();
        prepare(cb, b, true);
        control.drainInto(cb.inputEvents, b.sampleTime, frames);
        cur.ccMap().apply(cb.inputEvents, cb.inputEvents.size());
        cur.chain().process();
        PreparedChain old = fading;
        if (old == null) {
            for (int c = 0; c < b.audio.channelCount(); c++) {
                System.arraycopy(cb.audio.channel(c), 0, b.audio.channel(c), 0, frames);
            }
            return;
        }
        ProcessBlock ob = old.chain().block();
        prepare(ob, b, false);
        old.chain().process();
        int pos = fadePosition;
        for (int c = 0; c < b.audio.channelCount(); c++) {
            float[] out = b.audio.channel(c);
            float[] n = cb.audio.channel(c);
            float[] o = ob.audio.channel(c);
            for (int f = 0; f < frames; f++) {
                int k = pos + f + 1;
                float g = k >= crossfadeFrames ? 1f : (float) k / crossfadeFrames;
                out[f] = n[f] * g + o[f] * (1f - g);
            }
        }
        fadePosition = pos + frames;
        if (fadePosition >= crossfadeFrames) {
            old.chain().stopProcessing();
            fading = null;
            fadeActive = false;
            retired.set(old);
        }
    }

    /** Copy the host block's header and events into a chain's block; {@code params}: include PARAM events. */
    private static void prepare(ProcessBlock to, ProcessBlock from, boolean params) {
        to.frameCount = from.frameCount;
        to.sampleTime = from.sampleTime;
        to.transport.tempoBpm = from.transport.tempoBpm;
        to.transport.playing = from.transport.playing;
        to.transport.clockLocked = from.transport.clockLocked;
        to.transport.beatPosition = from.transport.beatPosition;
        EventBuffer src = from.inputEvents;
        EventBuffer dst = to.inputEvents;
        dst.clear();
        for (int e = 0; e < src.size(); e++) {
            if (params || src.kind(e) == EventBuffer.MIDI) {
                dst.copyFrom(src, e, src.blockOffset(e));
            }
        }
    }

    /**
     * [main-thread, after the audio thread stopped calling process] Destroy every chain this LiveChain owns and stop
     * the reclaimer.
     */
    @Override
    public void close() {
        closed = true;
        Thread r = reclaimer;
        if (r != null) {
            r.interrupt();
        }
        reclaim();
        PreparedChain p = pending.getAndSet(null);
        if (p != null) {
            p.chain().destroy();
        }
        if (fading != null) {
            fading.chain().destroy();
            fading = null;
        }
        PreparedChain c = current;
        if (c != null) {
            c.chain().destroy();
            current = null;
        }
    }
}
