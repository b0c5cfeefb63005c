package org.nesjam.host;

import java.io.IOException;
import java.util.function.LongConsumer;
import org.nesjam.audio.AudioSink;
import org.nesjam.plugin.ProcessBlock;

/**
 * Renders a {@link ChainProcessor} ({@link PluginChain} or {@link LiveChain}) block by block, as fast as possible, into an {@link AudioSink}. The chain must be
 * activated at the renderer's sample rate. Output depends only on the events, never on the block size.
 */
public final class OfflineRenderer {
    private OfflineRenderer() {
    }

    /**
     * Render {@code totalFrames} frames in blocks of at most {@code blockFrames} (the chain's max). {@code progress}
     * (may be null) gets the frames rendered so far after every block.
     */
    public static void render(ChainProcessor chain, EventSource events, long totalFrames, int blockFrames,
                              AudioSink sink, LongConsumer progress) throws IOException {
        ProcessBlock block = chain.block();
        int maxFrames = Math.min(blockFrames, block.audio.maxFrames());
        long sampleTime = 0;
        while (sampleTime < totalFrames) {
            int frames = (int) Math.min(maxFrames, totalFrames - sampleTime);
            block.frameCount = frames;
            block.sampleTime = sampleTime;
            block.inputEvents.clear();
            events.fill(sampleTime, frames, block.inputEvents);
            chain.process();
            if (sink != null) {
                sink.write(block.audio, frames);
            }
            sampleTime += frames;
            if (progress != null) {
                progress.accept(sampleTime);
            }
        }
    }
}
