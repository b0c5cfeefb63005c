package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nesjam.gen.jam.JamTimeline;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;

/**
 * The MIDI half of {@code jam --record DIR}: every heard event (the player's notes and the model's, as the
 * generator plugin commits them) collected in memory and written as an NES-MDB-style MIDI file (tracks p1, p2,
 * tr, no for MIDI channels 1-4, one tick = one 44.1 kHz sample) so it can be played back or used as a prompt.
 * [generation-thread] adds; [main-thread] writes (once, idempotent).
 */
final class JamRecording implements JamTimeline.EventOut {
    private final Path path;
    /** Rate segments: from {@code segmentStart[k]} (a sample time) on, the engine ran at {@code segmentRate[k]}. */
    private long[] segmentStart = {Long.MIN_VALUE};
    private double[] segmentRate;
    private long[] time = new long[4096];
    private int[] msg = new int[4096];
    private int size;
    private boolean written;

    JamRecording(Path path, double engineRate) {
        this.path = path;
        this.segmentRate = new double[] {engineRate};
    }

    /**
     * From {@code fromSampleTime} on the engine runs at {@code newRate} (a JACK server came back at another rate;
     * the engine's sample count went on). [main-thread, while the generator is stopped]
     */
    synchronized void rateChanged(long fromSampleTime, double newRate) {
        int n = segmentStart.length;
        segmentStart = Arrays.copyOf(segmentStart, n + 1);
        segmentRate = Arrays.copyOf(segmentRate, n + 1);
        segmentStart[n] = fromSampleTime;
        segmentRate[n] = newRate;
    }

    /** Seconds from sample time {@code from} to {@code to} (from <= to), across the rate segments. */
    private double seconds(long from, long to) {
        double s = 0;
        for (int k = 0; k < segmentStart.length; k++) {
            long a = Math.max(from, segmentStart[k]);
            long b = k + 1 < segmentStart.length ? Math.min(to, segmentStart[k + 1]) : to;
            if (b > a) {
                s += (b - a) / segmentRate[k];
            }
        }
        return s;
    }

    Path path() {
        return path;
    }

    @Override
    public synchronized void event(long sampleTime, int packedMidi, int epoch) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            msg = Arrays.copyOf(msg, size * 2);
        }
        time[size] = sampleTime;
        msg[size] = packedMidi;
        size++;
    }

    synchronized int size() {
        return size;
    }

    /** Writes the file (time-ordered, each channel's notes balanced: notes still on are ended at the end). */
    synchronized void write() throws IOException {
        if (written) {
            return;
        }
        written = true;
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(time[a], time[b]));
        long origin = size == 0 ? 0 : time[order[0]];
        List<List<MidiEvent>> tracks = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            tracks.add(new ArrayList<>());
        }
        int[] on = {-1, -1, -1, -1};
        long last = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            int ch = msg[i] & 0x0F;
            if (ch >= 4) {
                continue;
            }
            long tick = Math.round(seconds(origin, time[i]) * 44_100.0);
            last = Math.max(last, tick);
            int note = (msg[i] >>> 8) & 0x7F;
            int vel = (msg[i] >>> 16) & 0x7F;
            boolean noteOn = (msg[i] & 0xF0) == 0x90 && vel > 0;
            if (noteOn) {
                if (on[ch] >= 0) {
                    tracks.get(ch).add(MidiEvent.channel(tick, 0x90 | ch, on[ch], 0)); // monophonic NES voice
                }
                tracks.get(ch).add(MidiEvent.channel(tick, 0x90 | ch, note, vel));
                on[ch] = note;
            } else if (on[ch] == note) {
                tracks.get(ch).add(MidiEvent.channel(tick, 0x90 | ch, note, 0));
                on[ch] = -1;
            }
        }
        List<MidiTrack> out = new ArrayList<>();
        List<MidiEvent> conductor = new ArrayList<>();
        conductor.add(MidiEvent.meta(0, MidiEvent.META_TEMPO, new byte[] {0x07, (byte) 0xA1, 0x20}));
        conductor.add(MidiEvent.meta(last + 1, MidiEvent.META_TIME_SIGNATURE, new byte[] {1, 0, 24, 8}));
        out.add(new MidiTrack("", conductor));
        for (int v = 0; v < 4; v++) {
            if (on[v] >= 0) {
                tracks.get(v).add(MidiEvent.channel(last + 1, 0x90 | v, on[v], 0));
            }
            out.add(new MidiTrack(Voice.of(v).trackName, tracks.get(v)));
        }
        MidiFileWriter.write(path, NesMidi.DIVISION, out);
    }
}
