package org.nesjam.host;

import org.nesjam.plugin.ProcessBlock;

/**
 * Something that renders block by block the way a {@link PluginChain} does: fill {@link #block()}, call
 * {@link #process()}, read {@code block().audio}. Implemented by {@link PluginChain} and by {@link LiveChain}
 * (which swaps chains glitch-free), so the offline renderer and the real-time engine drive either.
 */
public interface ChainProcessor {

    /**
     * [audio-thread] The block to fill before {@link #process}: set frameCount and sampleTime, clear and add input
     * events, set the transport.
     */
    ProcessBlock block();

    /** [audio-thread] Render {@link #block()}; the result is in {@code block().audio}, frames {@code 0..frameCount-1}. */
    void process();
}
