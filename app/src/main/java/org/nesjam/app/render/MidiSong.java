package org.nesjam.app.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nesjam.host.EventSource;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiTrack;
import org.nesjam.midi.TempoMap;
import org.nesjam.plugin.EventBuffer;

/**
 * A MIDI file as the APU instrument's input: its channel messages for MIDI channels 1-4, at sample times, in file
 * order (an {@link EventSource} for {@link org.nesjam.host.OfflineRenderer}).
 * <p>
 * Mapping: an NES-MDB file (tracks named {@code p1}, {@code p2}, {@code tr}, {@code no}) has each track's messages
 * moved to channels 1-4 (NES-MDB writes the noise track on channel 10, as pretty_midi does for drum tracks); any other
 * file keeps its channels and only channels 1-4 play (pulse 1, pulse 2, triangle, noise). The song ends at the later
 * of its last event and its last time-signature event (NES-MDB's end marker), plus {@link #TAIL_SECONDS}.
 * Not thread-safe; {@link #fill} moves a cursor ({@link #rewind} to replay).
 */
public final class MidiSong implements EventSource {
    /** Silence rendered after the last event (filters and releases settle). */
    public static final double TAIL_SECONDS = 0.25;

    private final String name;
    private final boolean nesMdb;
    private final long[] sampleTimes;
    private final int[] messages;
    private final long lengthFrames;
    private final double seconds;
    private int cursor;

    private MidiSong(String name, boolean nesMdb, long[] sampleTimes, int[] messages, long lengthFrames,
                     double seconds) {
        this.name = name;
        this.nesMdb = nesMdb;
        this.sampleTimes = sampleTimes;
        this.messages = messages;
        this.lengthFrames = lengthFrames;
        this.seconds = seconds;
    }

    /** Read {@code path} (throws {@link org.nesjam.midi.MidiFormatException} with a one-line message). */
    public static MidiSong read(Path path, int sampleRate) throws IOException {
        return of(MidiFile.read(path), sampleRate);
    }

    public static MidiSong of(MidiFile file, int sampleRate) {
        List<MidiTrack> tracks = file.tracks();
        int[] trackChannel = new int[tracks.size()];
        Arrays.fill(trackChannel, -1);
        boolean nesMdb = false;
        String[] names = {"p1", "p2", "tr", "no"};
        for (int i = 0; i < tracks.size(); i++) {
            String n = tracks.get(i).name();
            for (int v = 0; v < 4; v++) {
                if (names[v].equals(n)) {
                    trackChannel[i] = v;
                    nesMdb = true;
                }
            }
        }
        TempoMap tempo = file.tempoMap();
        // Primitive arrays (files may hold millions of events): key = sampleTime << 23 | sequence, sorted, so equal
        // times keep file order (tracks in order, events in track order).
        int total = 0;
        for (MidiTrack t : tracks) {
            total += t.events().size();
        }
        long[] keys = new long[total];
        int[] raw = new int[total];
        int n = 0;
        for (int i = 0; i < tracks.size(); i++) {
            for (MidiEvent e : tracks.get(i).events()) {
                if (e.kind() != MidiEvent.CHANNEL) {
                    continue;
                }
                int status = e.status();
                int channel = nesMdb ? trackChannel[i] : status & 0x0F;
                if (channel < 0 || channel > 3) {
                    continue;
                }
                long time = Math.max(0, Math.round(tempo.seconds(e.tick()) * sampleRate));
                keys[n] = time << 23 | n;
                raw[n] = (e.message() & ~0x0F) | channel;
                n++;
            }
        }
        keys = Arrays.copyOf(keys, n);
        Arrays.sort(keys);
        long[] times = new long[n];
        int[] msgs = new int[n];
        for (int i = 0; i < n; i++) {
            times[i] = keys[i] >>> 23;
            msgs[i] = raw[(int) (keys[i] & ((1 << 23) - 1))];
        }
        long endTick = Math.max(file.endTick(), file.lastTimeSignatureTick());
        double seconds = tempo.seconds(endTick);
        long length = Math.round((seconds + TAIL_SECONDS) * sampleRate);
        return new MidiSong(file.sourceName(), nesMdb, times, msgs, length, seconds);
    }

    public String name() {
        return name;
    }

    /** True for an NES-MDB-shaped file (tracks p1, p2, tr, no). */
    public boolean nesMdb() {
        return nesMdb;
    }

    /** The song's length in seconds (without the tail). */
    public double seconds() {
        return seconds;
    }

    /** Channel messages that reach the instrument. */
    public int eventCount() {
        return messages.length;
    }

    /** Sample time of message {@code i} (0 <= i < {@link #eventCount}), in time order. */
    public long sampleTime(int i) {
        return sampleTimes[i];
    }

    /** Packed channel message {@code i} ({@code status | data1 << 8 | data2 << 16}), channel 0-3. */
    public int message(int i) {
        return messages[i];
    }

    public void rewind() {
        cursor = 0;
    }

    @Override
    public void fill(long sampleTime, int frameCount, EventBuffer out) {
        long end = sampleTime + frameCount;
        while (cursor < sampleTimes.length && sampleTimes[cursor] < end) {
            long t = sampleTimes[cursor];
            out.addPackedMidi((int) Math.max(0, t - sampleTime), messages[cursor]);
            cursor++;
        }
    }

    @Override
    public long lengthFrames() {
        return lengthFrames;
    }
}
