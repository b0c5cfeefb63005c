package org.nesjam.audio;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * {@code --audio stdout}: raw PCM, signed 16-bit little-endian, interleaved, at the configured rate and channel
 * count, paced in real time, e.g. {@code nesjam play --audio stdout | ffmpeg -f s16le -ar 48000 -ac 2 -i - out.mp3}.
 * While it is open, {@link System#out} is redirected to stderr so no stray text corrupts the stream. A closed
 * pipe (the reader exited) stops the backend with one line.
 */
public final class StdoutPcmBackend extends ClockedBackend {
    private FileChannel channel;
    private ByteBuffer bytes;
    private PrintStream savedOut;

    public StdoutPcmBackend(AudioConfig requested) {
        super("stdout", requested, true);
    }

    @Override
    protected AudioConfig openOutput() {
        savedOut = System.out;
        System.out.flush();
        System.setOut(System.err);
        channel = new FileOutputStream(FileDescriptor.out).getChannel();
        bytes = ByteBuffer.allocateDirect(requested.periodFrames() * requested.channelCount() * 2)
                .order(ByteOrder.LITTLE_ENDIAN);
        return requested;
    }

    @Override
    protected void writePeriod(int frames) throws IOException {
        float[][] ch = out.channels;
        int channels = ch.length;
        ByteBuffer b = bytes;
        b.clear();
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                b.putShort(WavWriter.toPcm16(ch[c][f]));
            }
        }
        b.flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    protected String describeFailure(IOException e) {
        return "stdout closed (" + e.getMessage() + ")";
    }

    @Override
    protected void closeOutput() {
        // stdout itself stays open (the JVM owns it); restore System.out for whatever runs after us.
        if (savedOut != null) {
            System.setOut(savedOut);
        }
    }

    @Override
    public String describe() {
        AudioConfig c = config();
        return "stdout (s16le, " + (c == null ? "" : c.channelCount() + " ch, " + c.describe() + ", real time") + ")";
    }

    /** Provider of {@code stdout}; never chosen automatically. */
    public static final class Provider implements AudioBackendProvider {
        @Override
        public String name() {
            return "stdout";
        }

        @Override
        public int autoPriority() {
            return -1;
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public AudioBackend create(String argument, AudioConfig requested) {
            return new StdoutPcmBackend(requested);
        }

        @Override
        public List<String> describeEndpoints() {
            return List.of("stdout     raw s16le interleaved PCM on standard output, real time (always available)");
        }
    }
}
