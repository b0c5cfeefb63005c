package org.nesjam.plugin;

/**
 * Planar float audio, {@code channels[channel][frame]}, nominal range -1..1. Allocated by the host at activation
 * for the maximum block size; a block uses frames {@code 0..frameCount-1}.
 */
public final class AudioBuffer {
    private final float[][] channels;

    public AudioBuffer(int channelCount, int maxFrames) {
        if (channelCount <= 0 || maxFrames <= 0) {
            throw new IllegalArgumentException("channels " + channelCount + ", frames " + maxFrames);
        }
        channels = new float[channelCount][maxFrames];
    }

    public int channelCount() {
        return channels.length;
    }

    public int maxFrames() {
        return channels[0].length;
    }

    /** The sample array of one channel (not a copy). */
    public float[] channel(int channel) {
        return channels[channel];
    }

    /** Zero frames {@code 0..frameCount-1} of every channel. */
    public void clear(int frameCount) {
        for (float[] c : channels) {
            java.util.Arrays.fill(c, 0, frameCount, 0f);
        }
    }
}
