package org.nesjam.gen.jam;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The transport messages a jam received and what its host clock made of them, for replaying a beat-lock take
 * against its recording ({@code NESJAM_CLOCK_LOG}; {@code BeatGridCheck} compares the counts). Preallocated:
 * {@link #add} on the audio thread fills fixed arrays (entries past the capacity are counted, not kept);
 * {@link #write} on the main thread after the audio stopped. Written as one line per message: engine sample time
 * (the message's stamp), status byte (hex), the clock's tick count after it, and the clock's tick position of the
 * message's time (ticks since beat 0 on its fitted line).
 */
public final class ClockLog {
    private final long[] sampleTime;
    private final int[] status;
    private final long[] nextTick;
    private final double[] tickPosition;
    private int count;
    private long overflow;

    /** Room for {@code capacity} messages. [main-thread] */
    public ClockLog(int capacity) {
        sampleTime = new long[capacity];
        status = new int[capacity];
        nextTick = new long[capacity];
        tickPosition = new double[capacity];
    }

    /** [audio-thread] One message; no allocation. */
    void add(long messageSampleTime, int statusByte, long clockNextTick, double clockTickPosition) {
        int i = count;
        if (i == sampleTime.length) {
            overflow++;
            return;
        }
        sampleTime[i] = messageSampleTime;
        status[i] = statusByte;
        nextTick[i] = clockNextTick;
        tickPosition[i] = clockTickPosition;
        count = i + 1;
    }

    /** Messages kept. [main-thread, after the audio thread stopped] */
    public int size() {
        return count;
    }

    /** Writes the kept messages to {@code file}. [main-thread, after the audio thread stopped] */
    public void write(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# sampleTime status nextTick tickPosition" + (overflow > 0 ? " (" + overflow
                    + " more not kept)" : "") + "\n");
            for (int i = 0; i < count; i++) {
                w.write(String.format(Locale.ROOT, "%d %02x %d %.3f%n", sampleTime[i], status[i], nextTick[i],
                        tickPosition[i]));
            }
        }
    }
}
