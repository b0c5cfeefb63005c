package org.nesjam.host;

import org.nesjam.plugin.EventBuffer;

/**
 * Supplies timed events to a renderer, block by block. [audio-thread live, main-thread offline; real-time safe when
 * used live]
 */
public interface EventSource {

    /**
     * Append every event whose sample time falls in {@code [sampleTime, sampleTime + frameCount)} to {@code out},
     * with {@code blockOffset = eventSampleTime - sampleTime}.
     */
    void fill(long sampleTime, int frameCount, EventBuffer out);

    /** Total length in sample frames (the song's end, trailing silence included), or -1 if unbounded. */
    long lengthFrames();
}
