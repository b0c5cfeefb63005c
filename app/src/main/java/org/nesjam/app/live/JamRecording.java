package org.nesjam.app.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nesjam.app.render.MidiSong;
import org.nesjam.app.render.NsfExport;
import org.nesjam.apu.nsf.NsfWriter;
import org.nesjam.gen.jam.JamTimeline;
import org.nesjam.gen.tokens.MidiOutMap;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;

/**
 * The MIDI and NSF half of {@code jam --record DIR}: every heard event (the player's notes and the model's, as the
 * generator plugin emits them, on the host's grid) collected in memory and written as a MIDI file with tracks p1,
 * p2, tr, no, in beats of the jam's grid ({@code --bpm} or the MIDI clock; {@link NesMidi#DIVISION} ticks a quarter
 * note, a tempo event per tempo, tick 0 on the bar of the first event) so that it lines up with a DAW's bars at that
 * tempo, and can be played back or used as a prompt: by default mapped for a DAW
 * ({@link MidiOutMap#GM}: channels 1, 2, 3, 10, GM velocities and drum keys), with {@code --midi-out-map nes} in
 * NES-MDB semantics (channels 1-4, the 4-bit volume as velocity, noise notes 1-16).
 * [generator-thread] adds; [main-thread] writes (once, idempotent).
 */
public final class JamRecording implements JamTimeline.EventOut {
    private final Path path;
    private final MidiOutMap map;
    /** Rate segments: from {@code segmentStart[k]} (a sample time) on, the engine ran at {@code segmentRate[k]}. */
    private long[] segmentStart = {Long.MIN_VALUE};
    private double[] segmentRate;
    private long[] time = new long[4096];
    private int[] msg = new int[4096];
    private int size;
    private boolean written;

    public JamRecording(Path path, double engineRate) {
        this(path, engineRate, MidiOutMap.GM);
    }

    /** {@code map}: how the voices' notes are written ({@code --midi-out-map}; GM by default). */
    public JamRecording(Path path, double engineRate, MidiOutMap map) {
        this.path = path;
        this.segmentRate = new double[] {engineRate};
        this.map = map;
    }

    /**
     * From {@code fromSampleTime} on the engine runs at {@code newRate} (a JACK server came back at another rate;
     * the engine's sample count went on). [main-thread, while the generator is stopped]
     */
    public synchronized void rateChanged(long fromSampleTime, double newRate) {
        int n = segmentStart.length;
        segmentStart = Arrays.copyOf(segmentStart, n + 1);
        segmentRate = Arrays.copyOf(segmentRate, n + 1);
        segmentStart[n] = fromSampleTime;
        segmentRate[n] = newRate;
        rebase = true;
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

    /** The engine's sample rate at sample time {@code t}. */
    private double rateAt(double t) {
        double r = segmentRate[0];
        for (int k = 0; k < segmentStart.length; k++) {
            if (segmentStart[k] <= t) {
                r = segmentRate[k];
            }
        }
        return r;
    }

    public Path path() {
        return path;
    }

    /** Beat grids in force: from {@code gridFrom[k]} (a sample time) on, beat b is at gridOrigin[k] + b * gridSpb[k]. */
    private final List<double[]> grids = new ArrayList<>();
    /** A rate change happened: the next grid continues the beat count (see {@link #grid}). */
    private boolean rebase;

    /**
     * The host's beat grid (internal tempo or MIDI clock) from the latest event on; a grid that puts that time on
     * the same beat (within 0.002) at the same tempo (within 0.5 %) as the one in force is not a change.
     */
    @Override
    public synchronized void grid(double originSampleTime, double samplesPerBeat) {
        double now = size == 0 ? originSampleTime : time[size - 1];
        if (rebase && !grids.isEmpty()) {
            // the jam restarted at another rate, its grid from beat 0: go on from the beat the recording reached
            rebase = false;
            double[] g = grids.get(grids.size() - 1);
            originSampleTime = now - (now - g[1]) / g[2] * samplesPerBeat;
        }
        if (!grids.isEmpty()) {
            double[] g = grids.get(grids.size() - 1);
            double beatOld = (now - g[1]) / g[2];
            double beatNew = (now - originSampleTime) / samplesPerBeat;
            if (Math.abs(beatOld - beatNew) < 0.002 && Math.abs(samplesPerBeat / g[2] - 1) < 0.005) {
                return;
            }
        }
        grids.add(new double[] {grids.isEmpty() ? Double.NEGATIVE_INFINITY : now, originSampleTime, samplesPerBeat});
    }

    /** Beat position of sample time {@code t} on the grid in force then. */
    private double beat(long t) {
        double[] g = grids.get(0);
        for (double[] h : grids) {
            if (h[0] <= t) {
                g = h;
            }
        }
        return (t - g[1]) / g[2];
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

    public synchronized int size() {
        return size;
    }

    /**
     * Writes the file (time-ordered, each channel's notes balanced: notes still on are ended at the end), its notes
     * mapped by the recording's {@link MidiOutMap} (with {@link MidiOutMap#GM} the noise track is on channel 10 with
     * GM drum keys, which {@link NesMidi#fromMidi} reads back as noise notes).
     */
    public synchronized void write() throws IOException {
        if (written) {
            return;
        }
        written = true;
        writeMidi(path, map);
    }

    /**
     * Writes the recording as an NSF ({@link NsfExport}): the notes in NES-MDB semantics (what the APU instrument
     * was given), played with {@code apu}'s parameter values as they are now (region, duties, levels); the summary
     * line goes to stderr (stdout may carry audio). Never replaces a file that is not a nesjam NSF.
     */
    public synchronized void writeNsf(Path nsf, org.nesjam.apu.instrument.ApuInstrument apu) throws IOException {
        Path mid = Files.createTempFile("nesjam-jam", ".mid");
        try {
            writeMidi(mid, MidiOutMap.NES);
            MidiSong song = MidiSong.read(mid, NsfExport.SAMPLE_RATE);
            boolean pal = apu.paramValue(org.nesjam.apu.instrument.ApuParams.REGION) >= 1;
            String title = nsf.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            NsfExport.write(List.of(NsfExport.stream(song, apu, NsfExport.SAMPLE_RATE)), nsf,
                    new NsfWriter.Info(title, "nesjam", java.time.Year.now() + " nesjam"), pal, false, System.err);
        } finally {
            Files.deleteIfExists(mid);
        }
    }

    private void writeMidi(Path path, MidiOutMap map) throws IOException {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(time[a], time[b]));
        long origin = size == 0 ? 0 : time[order[0]];
        boolean noGrid = grids.isEmpty(); // then 120 bpm from the first event: one tick a 44.1 kHz sample
        if (noGrid) {
            grids.add(new double[] {Double.NEGATIVE_INFINITY, origin, 0.5 * segmentRate[0]});
        }
        // tick 0 is the bar (4 beats) the first event falls in, so the file lines up with a DAW's bars
        double bar0 = size == 0 ? 0 : Math.floor(beat(origin) / 4 + 1e-9) * 4;
        List<long[]> notes = new ArrayList<>(); // {voice, pitch, velocity, startTick, endTick}
        long[][] on = new long[4][];
        long last = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            int ch = msg[i] & 0x0F;
            if (ch >= 4) {
                continue;
            }
            long tick = noGrid ? Math.round(seconds(origin, time[i]) * 44_100.0)
                    : Math.round((beat(time[i]) - bar0) * NesMidi.DIVISION);
            last = Math.max(last, tick);
            int note = (msg[i] >>> 8) & 0x7F;
            int vel = (msg[i] >>> 16) & 0x7F;
            boolean noteOn = (msg[i] & 0xF0) == 0x90 && vel > 0;
            if (noteOn) {
                if (on[ch] != null) {
                    on[ch][4] = tick; // monophonic NES voice
                }
                on[ch] = new long[] {ch, note, vel, tick, -1};
                notes.add(on[ch]);
            } else if (on[ch] != null && on[ch][1] == note) {
                on[ch][4] = tick;
                on[ch] = null;
            }
        }
        List<List<MidiEvent>> tracks = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            tracks.add(new ArrayList<>());
        }
        for (long[] n : notes) {
            if (n[4] < 0) {
                n[4] = last + 1;
            }
            Voice v = Voice.of((int) n[0]);
            int packed = map.noteOn(v, (int) n[1], (int) n[2], n[4] - n[3]);
            int ch = packed & 0x0F;
            int key = (packed >>> 8) & 0x7F;
            int vel = map == MidiOutMap.NES ? (int) n[2] : (packed >>> 16) & 0x7F;
            List<MidiEvent> t = tracks.get(v.ordinal());
            t.add(MidiEvent.channel(n[3], 0x90 | ch, key, vel));
            t.add(MidiEvent.channel(n[4], 0x90 | ch, key, 0));
        }
        List<MidiTrack> out = new ArrayList<>();
        List<MidiEvent> conductor = new ArrayList<>();
        for (double[] g : grids) { // one tempo event per grid, at its first beat in the file
            long at = g[0] == Double.NEGATIVE_INFINITY ? 0 : Math.max(0, Math.round((beat((long) g[0]) - bar0)
                    * NesMidi.DIVISION));
            int micros = (int) Math.round(g[2] / rateAt(Math.max(g[0], g[1])) * 1e6); // microseconds a quarter
            conductor.add(MidiEvent.meta(at, MidiEvent.META_TEMPO,
                    new byte[] {(byte) (micros >>> 16), (byte) (micros >>> 8), (byte) micros}));
        }
        conductor.add(MidiEvent.meta(last + 1, MidiEvent.META_TIME_SIGNATURE, new byte[] {1, 0, 24, 8}));
        out.add(new MidiTrack("", conductor));
        for (int v = 0; v < 4; v++) {
            List<MidiEvent> t = tracks.get(v);
            // time order; at one tick the previous note's note-off before the next note-on
            t.sort((a, b) -> a.tick() != b.tick() ? Long.compare(a.tick(), b.tick())
                    : Integer.compare(a.data2() == 0 ? 0 : 1, b.data2() == 0 ? 0 : 1));
            out.add(new MidiTrack(Voice.of(v).trackName, t));
        }
        MidiFileWriter.write(path, NesMidi.DIVISION, out);
    }
}
