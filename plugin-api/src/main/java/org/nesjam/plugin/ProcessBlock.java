package org.nesjam.plugin;

/**
 * Everything {@link Plugin#process} gets for one block. One instance per chain, allocated by the host at
 * activation and rewritten for every block; plugins must not keep references to it past {@code process}.
 */
public final class ProcessBlock {
    /** Frames in this block, {@code 1..maxFrames}. */
    public int frameCount;
    /** Absolute sample time (frames since the engine started) of the block's first frame. */
    public long sampleTime;
    /** Sample rate in Hz, as given to activate. */
    public double sampleRate;
    public final Transport transport = new Transport();
    /** Events for this plugin, sorted by block offset. */
    public final EventBuffer inputEvents;
    /** Events this plugin emits (note effects, generators); the host routes them to the next plugin. */
    public final EventBuffer outputEvents;
    /** Instruments add into it; audio effects transform it in place. */
    public final AudioBuffer audio;

    public ProcessBlock(int channelCount, int maxFrames, int eventCapacity) {
        inputEvents = new EventBuffer(eventCapacity);
        outputEvents = new EventBuffer(eventCapacity);
        audio = new AudioBuffer(channelCount, maxFrames);
    }
}
