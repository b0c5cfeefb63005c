package org.nesjam.audio;

import java.io.IOException;
import org.nesjam.plugin.AudioBuffer;

/**
 * Where rendered audio goes (a WAV file, stdout, a live device). {@code write} is called on the thread that
 * renders; implementations used on the audio thread must not allocate after construction.
 */
public interface AudioSink extends AutoCloseable {

    /** Consume frames {@code 0..frameCount-1} of {@code audio}. */
    void write(AudioBuffer audio, int frameCount) throws IOException;

    /** Finish the output so it stays playable (headers patched, buffers flushed). Idempotent. */
    @Override
    void close() throws IOException;
}
