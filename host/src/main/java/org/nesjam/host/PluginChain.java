package org.nesjam.host;

import java.util.List;
import java.util.function.Consumer;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

/**
 * An ordered list of plugins processed block by block. Events flow down the chain: each plugin sees the block's
 * input events plus the events emitted by the plugins before it (a {@link PluginKind#NOTE_EFFECT}'s output replaces
 * the MIDI channel messages it received; system messages such as clock and start pass through). Audio accumulates in one buffer: instruments add, audio effects transform in place.
 * <p>
 * Routing: each plugin has a MIDI channel mask (bit {@code c} = channel {@code c}; default all 16): it receives only
 * channel messages on its channels (system messages always). PARAM events go to the plugin at their
 * {@link EventBuffer#target(int) target} index, or to every plugin when untargeted.
 * <p>
 * A plugin that throws or returns {@link ProcessStatus#ERROR} is bypassed for the rest of the chain's life and
 * reported once through the {@link FaultSink} (real-time safe with {@link FaultReporter}).
 * Thread rules: construct, route and {@link #activate} on the main thread; {@link #process} on the audio thread.
 */
public final class PluginChain implements ChainProcessor {
    /** Mask of all 16 MIDI channels. */
    public static final int ALL_CHANNELS = 0xFFFF;

    private final Plugin[] plugins;
    private final boolean[] bypassed;
    private final int[] channelMask;
    private final ProcessBlock block;
    private EventBuffer flow;
    private EventBuffer spare;
    private final FaultSink faultSink;
    private double sampleRate;
    private volatile boolean active;
    private boolean processing;

    /** A plugin that failed; {@code error} is null when it returned {@link ProcessStatus#ERROR}. */
    public record PluginFault(Plugin plugin, Throwable error) {
    }

    /** A chain whose faults go to {@code faultListener} (which allocates a record per fault; prefer a FaultSink). */
    public PluginChain(List<Plugin> plugins, int channelCount, int maxFrames, int eventCapacity,
                       Consumer<PluginFault> faultListener) {
        this(plugins, channelCount, maxFrames, eventCapacity,
                faultListener == null ? null : (p, i, e) -> faultListener.accept(new PluginFault(p, e)));
    }

    /** A chain whose faults go to {@code faultSink} (may be null: faults are then only bypassed). */
    public PluginChain(List<Plugin> plugins, int channelCount, int maxFrames, int eventCapacity,
                       FaultSink faultSink) {
        this.plugins = plugins.toArray(new Plugin[0]);
        this.bypassed = new boolean[this.plugins.length];
        this.channelMask = new int[this.plugins.length];
        java.util.Arrays.fill(channelMask, ALL_CHANNELS);
        this.block = new ProcessBlock(channelCount, maxFrames, eventCapacity);
        this.flow = new EventBuffer(eventCapacity);
        this.spare = new EventBuffer(eventCapacity);
        this.faultSink = faultSink;
    }

    /** The chain's plugins in order (not a copy: do not modify). */
    public Plugin[] plugins() {
        return plugins;
    }

    public int size() {
        return plugins.length;
    }

    /** [any-thread] True once plugin {@code index} failed and is skipped. */
    public boolean isBypassed(int index) {
        return bypassed[index];
    }

    /** [main-thread, before processing] MIDI channels (bit per channel 0..15) plugin {@code index} receives. */
    public void setMidiChannels(int index, int mask) {
        channelMask[index] = mask & ALL_CHANNELS;
    }

    public int midiChannels(int index) {
        return channelMask[index];
    }

    /** Sample rate given to {@link #activate}, 0 before. */
    public double sampleRate() {
        return sampleRate;
    }

    public boolean isActive() {
        return active;
    }

    /** [main-thread] Activate every plugin; on failure, already active ones are deactivated again. */
    public void activate(double sampleRate) {
        block.sampleRate = sampleRate;
        this.sampleRate = sampleRate;
        int max = block.audio.maxFrames();
        for (int i = 0; i < plugins.length; i++) {
            try {
                plugins[i].activate(sampleRate, 1, max);
            } catch (RuntimeException e) {
                for (int j = i - 1; j >= 0; j--) {
                    plugins[j].deactivate();
                }
                throw e;
            }
        }
        active = true;
    }

    /**
     * [audio-thread] Stop processing (plugins get {@code stopProcessing}); the next {@link #process} starts again.
     * Between the two, {@code [main-thread & !processing]} calls such as state save are allowed (offline hosts).
     */
    public void stopProcessing() {
        if (processing) {
            for (Plugin p : plugins) {
                p.stopProcessing();
            }
            processing = false;
        }
    }

    /** [main-thread] Deactivate every plugin (stopping processing first if needed). */
    public void deactivate() {
        stopProcessing();
        if (active) {
            for (Plugin p : plugins) {
                p.deactivate();
            }
            active = false;
        }
    }

    /** [main-thread] Deactivate and destroy every plugin; the chain is unusable afterwards. */
    public void destroy() {
        deactivate();
        for (Plugin p : plugins) {
            try {
                p.destroy();
            } catch (RuntimeException e) {
                // a plugin failing to clean up must not stop the others
            }
        }
    }

    @Override
    public ProcessBlock block() {
        return block;
    }

    /**
     * [audio-thread] Render {@link #block()}; the result is in {@code block().audio}, frames
     * {@code 0..frameCount-1}. Real-time safe, including when a plugin fails (given a real-time safe FaultSink).
     * Afterwards {@code block().inputEvents} holds what the last plugin received.
     */
    @Override
    public void process() {
        if (!processing) {
            for (Plugin p : plugins) {
                p.startProcessing();
            }
            processing = true;
        }
        ProcessBlock b = block;
        b.audio.clear(b.frameCount);
        EventBuffer in = b.inputEvents;
        in.sortByOffset();
        EventBuffer f = flow;
        f.clear();
        for (int e = 0; e < in.size(); e++) {
            f.copyFrom(in, e, in.blockOffset(e));
        }
        for (int i = 0; i < plugins.length; i++) {
            if (bypassed[i]) {
                continue;
            }
            Plugin p = plugins[i];
            in.clear();
            f = flow;
            for (int e = 0; e < f.size(); e++) {
                if (accepts(i, f, e)) {
                    in.copyFrom(f, e, f.blockOffset(e));
                }
            }
            b.outputEvents.clear();
            ProcessStatus status;
            try {
                status = p.process(b);
            } catch (Throwable t) {
                fault(i, t);
                continue;
            }
            if (status == ProcessStatus.ERROR) {
                fault(i, null);
                continue;
            }
            boolean noteEffect = p.descriptor().kind() == PluginKind.NOTE_EFFECT;
            if (b.outputEvents.size() > 0 || noteEffect) {
                mergeOutput(i, noteEffect);
            }
        }
    }

    private boolean accepts(int index, EventBuffer events, int e) {
        if (events.kind(e) == EventBuffer.PARAM) {
            int t = events.target(e);
            return t == EventBuffer.ANY_TARGET || t == index;
        }
        int status = events.midiStatus(e);
        return status >= 0xF0 || (channelMask[index] & (1 << (status & 0x0F))) != 0;
    }

    /**
     * Adds plugin {@code index}'s output to the flow; a note effect's output replaces the channel messages it was
     * given (system messages stay).
     */
    private void mergeOutput(int index, boolean replace) {
        EventBuffer f = flow;
        EventBuffer out = block.outputEvents;
        EventBuffer next = spare;
        next.clear();
        for (int e = 0; e < f.size(); e++) {
            boolean consumed = replace && f.kind(e) == EventBuffer.MIDI && f.midiStatus(e) < 0xF0
                    && accepts(index, f, e);
            if (!consumed) {
                next.copyFrom(f, e, f.blockOffset(e));
            }
        }
        for (int e = 0; e < out.size(); e++) {
            next.copyFrom(out, e, out.blockOffset(e));
        }
        next.sortByOffset();
        out.clear();
        spare = f;
        flow = next;
    }

    private void fault(int index, Throwable error) {
        bypassed[index] = true;
        if (faultSink != null) {
            faultSink.pluginFailed(plugins[index], index, error);
        }
    }
}
