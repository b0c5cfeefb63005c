package org.nesjam.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nesjam.plugin.AudioBuffer;

/**
 * Streams 16-bit PCM WAV. The header is written at open with a zero length and patched on every
 * {@link #flushHeader()} and at {@link #close()}, so a file cut off by a crash is still readable up to the last
 * flush. Samples are clipped to -1..1 and rounded. Not thread-safe: one writer thread.
 */
public final class WavWriter implements AudioSink {
    private static final int HEADER_BYTES = 44;

    private final FileChannel channel;
    private final int channelCount;
    private final int sampleRate;
    private final ByteBuffer buffer;
    private long dataBytes;
    private boolean closed;

    public WavWriter(Path path, int sampleRate, int channelCount, int maxFrames) throws IOException {
        this.channelCount = channelCount;
        this.sampleRate = sampleRate;
        this.buffer = ByteBuffer.allocateDirect(maxFrames * channelCount * 2).order(ByteOrder.LITTLE_ENDIAN);
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        writeHeader();
        channel.position(HEADER_BYTES);
    }

    @Override
    public void write(AudioBuffer audio, int frameCount) throws IOException {
        int sourceChannels = audio.channelCount();
        buffer.clear();
        for (int f = 0; f < frameCount; f++) {
            for (int c = 0; c < channelCount; c++) {
                float s = audio.channel(Math.min(c, sourceChannels - 1))[f];
                buffer.putShort(toPcm16(s));
            }
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            dataBytes += channel.write(buffer);
        }
    }

    /** Float sample to 16-bit PCM, clipped, rounded to nearest. */
    public static short toPcm16(float sample) {
        float s = sample > 1f ? 1f : (sample < -1f ? -1f : sample);
        return (short) Math.round(s * 32767f);
    }

    /** Patch the header with the current length so the file is valid up to here. */
    public void flushHeader() throws IOException {
        long position = channel.position();
        writeHeader();
        channel.position(position);
    }

    /** Frames written so far. */
    public long framesWritten() {
        return dataBytes / (2L * channelCount);
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long riffSize = Math.min(0xFFFFFFFFL, 36 + dataBytes);
        h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) riffSize).put(new byte[] {'W', 'A', 'V', 'E'});
        h.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) channelCount)
                .putInt(sampleRate).putInt(sampleRate * channelCount * 2).putShort((short) (channelCount * 2))
                .putShort((short) 16);
        h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        h.flip();
        channel.write(h, 0);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeHeader();
        } finally {
            channel.close();
        }
    }
}
