package org.nesjam.host.rt;

import org.nesjam.audio.AudioBackend;
import org.nesjam.audio.AudioCallback;
import org.nesjam.audio.AudioConfig;

/** A backend the test drives by hand: {@link #cycle} runs one period on the calling thread. */
public final class ManualBackend implements AudioBackend {
    private final AudioConfig config;
    final float[][] out;
    AudioCallback callback;
    boolean stopped;
    boolean closed;

    public ManualBackend(AudioConfig config) {
        this.config = config;
        this.out = new float[config.channelCount()][8192];
    }

    @Override
    public String name() {
        return "manual";
    }

    @Override
    public AudioConfig open() {
        return config;
    }

    @Override
    public AudioConfig config() {
        return config;
    }

    @Override
    public void start(AudioCallback cb) {
        callback = cb;
    }

    /** [test audio thread] One cycle of {@code frames} frames; the result is in {@link #out}. */
    public void cycle(int frames) {
        callback.process(out, frames);
    }

    /** [test audio thread] {@code frames} frames played without a callback (a JACK server's skipped cycles). */
    public void skip(long frames) {
        callback.framesSkipped(frames);
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public long xrunCount() {
        return 0;
    }
}
