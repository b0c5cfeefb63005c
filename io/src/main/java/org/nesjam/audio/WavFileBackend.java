package org.nesjam.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --audio wav:FILE}: writes 16-bit PCM WAV in real time. The audio thread is paced by the wall clock (one
 * period per period), so playing live MIDI into it records what a speaker would have played, with the same
 * latency; an offline render uses {@link org.nesjam.host.OfflineRenderer} instead, which runs as fast as possible.
 * The header is patched about once a second and at {@link #close()} (the engine's shutdown hook closes it on
 * Ctrl-C), so the file stays playable even when the process is killed.
 */
public final class WavFileBackend extends ClockedBackend {
    private final Path path;
    private WavWriter writer;
    private long framesSinceHeader;

    public WavFileBackend(Path path, AudioConfig requested) {
        super("wav", requested, true);
        this.path = path;
    }

    /** The file written. */
    public Path path() {
        return path;
    }

    @Override
    protected AudioConfig openOutput() throws AudioBackendException {
        try {
            writer = new WavWriter(path, requested.sampleRate(), requested.channelCount(), requested.periodFrames());
        } catch (IOException | RuntimeException e) {
            throw new AudioBackendException("cannot write " + path + ": " + e.getMessage(), e);
        }
        return requested;
    }

    @Override
    protected void writePeriod(int frames) throws IOException {
        writer.write(out.buffer, frames);
        framesSinceHeader += frames;
        if (framesSinceHeader >= requested.sampleRate()) {
            framesSinceHeader = 0;
            writer.flushHeader();
        }
    }

    @Override
    protected void closeOutput() {
        try {
            writer.close();
        } catch (IOException e) {
            System.err.println("nesjam: could not finish " + path + ": " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        AudioConfig c = config();
        return "wav " + path + (c == null ? "" : " (" + c.describe() + ", real time)");
    }

    /** Provider of {@code wav:FILE}; the automatic fallback writes {@value AudioBackends#FALLBACK_WAV}. */
    public static final class Provider implements AudioBackendProvider {
        @Override
        public String name() {
            return "wav";
        }

        @Override
        public int autoPriority() {
            return 0;
        }

        @Override
        public boolean needsArgument() {
            return true;
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public AudioBackend create(String argument, AudioConfig requested) {
            return new WavFileBackend(Path.of(argument), requested);
        }

        @Override
        public List<String> describeEndpoints() {
            return List.of("wav:FILE   16-bit WAV file written in real time (always available)");
        }
    }
}
