package org.nesjam.audio;

/**
 * The shape of an audio stream: {@code sampleRate} in Hz, {@code periodFrames} frames per backend callback
 * (the "buffer size"), {@code channelCount} output channels. Requested by the user, answered by the backend
 * (JACK imposes its server's rate and period; the file backends take what they are asked for).
 */
public record AudioConfig(int sampleRate, int periodFrames, int channelCount) {
    /** 48 kHz, 256 frames, stereo. */
    public static final AudioConfig DEFAULT = new AudioConfig(48_000, 256, 2);

    public AudioConfig {
        if (sampleRate < 8_000 || sampleRate > 384_000) {
            throw new IllegalArgumentException("sample rate must be 8000..384000 Hz, got " + sampleRate);
        }
        if (periodFrames < 16 || periodFrames > 8192) {
            throw new IllegalArgumentException("buffer must be 16..8192 frames, got " + periodFrames);
        }
        if (channelCount < 1 || channelCount > 8) {
            throw new IllegalArgumentException("channels must be 1..8, got " + channelCount);
        }
    }

    /** One period in milliseconds. */
    public double periodMillis() {
        return periodFrames * 1000.0 / sampleRate;
    }

    /** "48000 Hz, 256 frames" (the form used in the one-line backend report). */
    public String describe() {
        return sampleRate + " Hz, " + periodFrames + " frames";
    }
}
