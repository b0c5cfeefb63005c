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
 * what it received). Audio accumulates in one buffer: instruments add, audio effects transform in place.
 * <p>
 * A plugin that throws or returns {@link ProcessStatus#ERROR} is bypassed for the rest of the chain's life and
 * reported once through the fault listener (called on the audio thread: it must only hand the report off).
 * Thread rules: construct and {@link #activate} on the main thread; {@link #process} on the audio thread.
 */
public final class PluginChain {
    private final Plugin[] plugins;
    private final boolean[] bypassed;
    private final ProcessBlock block;
    private final EventBuffer scratch;
    private final Consumer<PluginFault> faultListener;
    private boolean active;
    private boolean processing;

    /** A plugin that failed; {@code error} is null when it returned {@link ProcessStatus#ERROR}. */
    public record PluginFault(Plugin plugin, Throwable error) {
    }

    public PluginChain(List<Plugin> plugins, int channelCount, int maxFrames, int eventCapacity,
                       Consumer<PluginFault> faultListener) {
        this.plugins = plugins.toArray(new Plugin[0]);
        this.bypassed = new boolean[this.plugins.length];
        this.block = new ProcessBlock(channelCount, maxFrames, eventCapacity);
        this.scratch = new EventBuffer(eventCapacity);
        this.faultListener = faultListener;
    }

    /** The chain's plugins in order (not a copy: do not modify). */
    public Plugin[] plugins() {
        return plugins;
    }

    public boolean isBypassed(int index) {
        return bypassed[index];
    }

    /** [main-thread] Activate every plugin; on failure, already active ones are deactivated again. */
    public void activate(double sampleRate) {
        block.sampleRate = sampleRate;
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

    /** [main-thread] Deactivate every plugin (stopping processing first if needed). */
    public void deactivate() {
        if (processing) {
            for (Plugin p : plugins) {
                p.stopProcessing();
            }
            processing = false;
        }
        if (active) {
            for (Plugin p : plugins) {
                p.deactivate();
            }
            active = false;
        }
    }

    /**
     * [audio-thread] The block to fill before {@link #process}: set frameCount and sampleTime, clear and add
     * input events, set the transport.
     */
    public ProcessBlock block() {
        return block;
    }

    /**
     * [audio-thread] Render {@link #block()}; the result is in {@code block().audio}, frames
     * {@code 0..frameCount-1}. Real-time safe unless a plugin fails (the report allocates once).
     */
    public void process() {
        if (!processing) {
            for (Plugin p : plugins) {
                p.startProcessing();
            }
            processing = true;
        }
        ProcessBlock b = block;
        b.audio.clear(b.frameCount);
        b.inputEvents.sortByOffset();
        for (int i = 0; i < plugins.length; i++) {
            if (bypassed[i]) {
                continue;
            }
            Plugin p = plugins[i];
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
            if (b.outputEvents.size() > 0 || p.descriptor().kind() == PluginKind.NOTE_EFFECT) {
                mergeOutput(p.descriptor().kind() == PluginKind.NOTE_EFFECT);
            }
        }
    }

    private void mergeOutput(boolean replace) {
        EventBuffer in = block.inputEvents;
        EventBuffer out = block.outputEvents;
        if (replace) {
            in.clear();
        }
        for (int e = 0; e < out.size(); e++) {
            in.copyFrom(out, e, out.blockOffset(e));
        }
        in.sortByOffset();
        out.clear();
    }

    private void fault(int index, Throwable error) {
        bypassed[index] = true;
        if (faultListener != null) {
            faultListener.accept(new PluginFault(plugins[index], error));
        }
    }

    /** Scratch event buffer for hosts that need one while filling the block (same capacity). */
    EventBuffer scratch() {
        return scratch;
    }
}
