package org.nesjam.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiTrack;
import org.nesjam.midi.TempoMap;

/**
 * Arranges any (General MIDI) file for the four NES voices, in the spirit of LakhNES's adaptation of Lakh MIDI.
 * Stateless, thread-safe.
 *
 * <p><b>Method.</b>
 * <ol>
 *   <li>Notes are paired per (track, channel, pitch), first-in first-out; a note never released ends after at
 *       most {@value #STUCK_NOTE_SECONDS} s; zero-length melodic notes are dropped. Times go through the file's
 *       tempo map to 44.1 kHz samples.</li>
 *   <li>Melodic notes are grouped into <i>parts</i> by (track, channel); channel 10 is drums; parts playing
 *       GM programs 113-127 (percussive and sound effects) are ignored. Each part gets statistics: note count,
 *       coverage (fraction of the song during which it sounds), mean pitch, polyphony (summed note time over
 *       sounding time), GM program and track name.</li>
 *   <li><b>TR (bass)</b>: the GM bass part (programs 33-40, or a track named "bass") with at least 16 notes and the most
 *       coverage; otherwise the part with the
 *       lowest mean pitch if that is below {@value #BASS_MAX_MEAN_PITCH}. Reduced to its lowest line.</li>
 *   <li><b>P1 (melody)</b>: among the other parts, the highest
 *       {@code sqrt(coverage) * pitchFactor * programFactor * nameFactor / polyphony}: high, active, monophonic
 *       lines win; lead/voice/brass/reed/pipe programs and track names like "melody", "vocal", "lead" are
 *       preferred, pads and string ensembles are not. Reduced to its highest line (skyline).</li>
 *   <li><b>P2 (harmony / counter-line)</b>: the remaining part with the highest
 *       {@code sqrt(coverage) * programFactor} that does not double the melody (over 60 % of its notes on the
 *       melody's onsets and pitch classes), reduced to its highest line. When no part is left, P2 takes the
 *       highest line of the melody part's remaining notes (the inner voice of a chordal part), and TR likewise
 *       takes the lowest line of the melody part's remaining notes when there was no bass (piano left hand); failing
 *       that, the lowest line of the lowest remaining part.</li>
 *   <li>Skyline reduction: notes sorted by start; at one onset the highest (lowest for the bass) wins; a higher
 *       (lower) note starting while one sounds cuts it; a note starting under a sounding one is dropped.</li>
 *   <li>Ranges: each line moves by whole octaves (the shift that puts most notes into the voice's comfortable
 *       range: P1 {@code 57-93}, P2 {@code 48-86}, TR {@code 33-64}); single notes still outside the
 *       vocabulary range are folded in by octaves.</li>
 *   <li><b>NO (drums)</b>: GM drum keys map to noise periods (NES-MDB's noise note = 16 - period index, so
 *       higher is brighter): kick 4, toms 5-10, snare/clap 10-11, cowbell 12, crash 13, ride 14, hi-hats 15,
 *       tambourine/shakers 16, each with a fixed short length (25 ms closed hat to 350 ms crash). The noise
 *       voice is monophonic: at one onset the most important hit wins (snare > kick > toms > cymbals > hats),
 *       and a new hit cuts the previous one.</li>
 *   <li>The song ends at the end of its last arranged note.</li>
 * </ol>
 * NES-MDB-style files (every track with notes named p1, p2, tr or no, as this project writes them) are taken as
 * they are. Files without any usable note throw {@link ArrangeException}.
 */
public final class Arranger {
    static final double STUCK_NOTE_SECONDS = 4.0;
    static final int BASS_MAX_MEAN_PITCH = 55;
    private static final int DRUM_CHANNEL = 9;
    private static final Pattern MELODY_NAME = Pattern.compile(
            "(?i).*(melod|vocal|voice|vox|lead|sing|solo|theme|tune).*");
    private static final Pattern ACCOMP_NAME = Pattern.compile(
            "(?i).*(pad|chord|rhythm|accomp|comp\\b|strings|backing|harmony).*");
    private static final Pattern BASS_NAME = Pattern.compile("(?i).*\\bbass.*");

    /** What was chosen, for reports. */
    public record Result(NesSong song, String p1Source, String p2Source, String trSource, int drumHits) {
        public String describe() {
            return String.format(Locale.ROOT, "P1 <- %s; P2 <- %s; TR <- %s; NO <- %s", p1Source, p2Source,
                    trSource, drumHits > 0 ? drumHits + " drum hits" : "none");
        }
    }

    private Arranger() {
    }

    /** Reads and arranges {@code path}. */
    public static Result arrange(Path path) throws IOException {
        return arrange(MidiFile.read(path));
    }

    /** Reads and arranges {@code path}, songs only (for {@link TokenDataset}). */
    public static NesSong arrangeSong(Path path) throws IOException {
        return arrange(MidiFile.read(path)).song();
    }

    // ------------------------------------------------------------------------------------------------ notes

    private static final class Note {
        final int pitch;
        final long start;
        long end;
        final int velocity;

        Note(int pitch, long start, long end, int velocity) {
            this.pitch = pitch;
            this.start = start;
            this.end = end;
            this.velocity = velocity;
        }
    }

    private static final class Part {
        final String label;
        final int channel;
        final int program;
        final String trackName;
        final List<Note> notes = new ArrayList<>();
        double coverage;
        double meanPitch;
        double polyphony;

        Part(String label, int channel, int program, String trackName) {
            this.label = label;
            this.channel = channel;
            this.program = program;
            this.trackName = trackName;
        }
    }

    public static Result arrange(MidiFile file) throws ArrangeException {
        String name = file.sourceName();
        if (isNesStyle(file)) {
            try {
                NesSong song = NesMidi.fromMidi(file);
                if (song.notes().isEmpty()) {
                    throw new ArrangeException(name + ": cannot arrange: no notes");
                }
                return new Result(song, "p1 track (already NES)", "p2 track", "tr track",
                        song.notes(Voice.NO).size());
            } catch (ArrangeException e) {
                throw e;
            } catch (java.io.IOException e) {
                throw new ArrangeException(e.getMessage());
            }
        }
        TempoMap tempo = file.tempoMap();
        // program per channel over time (program changes from every track)
        List<long[]> programChanges = new ArrayList<>();
        for (MidiTrack t : file.tracks()) {
            for (MidiEvent e : t.events()) {
                if (e.kind() == MidiEvent.CHANNEL && e.command() == 0xC0) {
                    programChanges.add(new long[] {e.tick(), e.channel(), e.data1()});
                }
            }
        }
        programChanges.sort(Comparator.comparingLong(a -> a[0]));

        Map<Integer, Part> parts = new HashMap<>();
        List<Note> drums = new ArrayList<>();
        List<MidiTrack> tracks = file.tracks();
        for (int ti = 0; ti < tracks.size(); ti++) {
            MidiTrack track = tracks.get(ti);
            List<MidiEvent> events = track.events();
            long trackEnd = events.isEmpty() ? 0 : events.get(events.size() - 1).tick();
            Map<Integer, ArrayDeque<long[]>> open = new HashMap<>();
            for (MidiEvent e : events) {
                if (e.kind() != MidiEvent.CHANNEL) {
                    continue;
                }
                int ch = e.channel();
                int key = ch << 7 | e.data1();
                if (e.isNoteOn()) {
                    ArrayDeque<long[]> q = open.computeIfAbsent(key, k -> new ArrayDeque<>());
                    if (ch != DRUM_CHANNEL && !q.isEmpty()) {
                        // re-struck before release: the earlier note ends here
                        long[] o = q.poll();
                        addNote(parts, drums, ti, track, ch, e.data1(), o[0], e.tick(), (int) o[1], programChanges,
                                tempo);
                    }
                    q.add(new long[] {e.tick(), e.data2()});
                } else if (e.isNoteOff()) {
                    ArrayDeque<long[]> q = open.get(key);
                    if (q != null && !q.isEmpty()) {
                        long[] o = q.poll();
                        addNote(parts, drums, ti, track, ch, e.data1(), o[0], e.tick(), (int) o[1], programChanges,
                                tempo);
                    }
                }
            }
            for (Map.Entry<Integer, ArrayDeque<long[]>> en : open.entrySet()) {
                for (long[] o : en.getValue()) {
                    long capTick = tempo.tickAt(tempo.seconds(o[0]) + STUCK_NOTE_SECONDS);
                    addNote(parts, drums, ti, track, en.getKey() >> 7, en.getKey() & 0x7F, o[0],
                            Math.max(o[0], Math.min(trackEnd, capTick)), (int) o[1], programChanges, tempo);
                }
            }
        }

        List<Part> melodic = new ArrayList<>();
        long songEnd = 0;
        for (Part p : parts.values()) {
            p.notes.removeIf(n -> n.end <= n.start);
            if (p.notes.isEmpty() || p.program >= 112) {
                continue;
            }
            melodic.add(p);
            for (Note n : p.notes) {
                songEnd = Math.max(songEnd, n.end);
            }
        }
        for (Note d : drums) {
            songEnd = Math.max(songEnd, d.start);
        }
        if (melodic.isEmpty() && drums.isEmpty()) {
            throw new ArrangeException(name + ": cannot arrange: no notes");
        }
        melodic.sort(Comparator.comparing(p -> p.label)); // deterministic order
        for (Part p : melodic) {
            stats(p, Math.max(1, songEnd));
        }

        List<NesNote> out = new ArrayList<>();
        String trSource = "none";
        String p1Source = "none";
        String p2Source = "none";
        Map<Part, BitSet> used = new HashMap<>();

        // TR: bass
        Part bass = null;
        for (Part p : melodic) {
            if (p.program >= 32 && p.program <= 39 || BASS_NAME.matcher(p.trackName).matches()) {
                if (p.notes.size() >= 16 && (bass == null || p.coverage > bass.coverage)) {
                    bass = p;
                }
            }
        }
        if (bass == null && melodic.size() >= 2) {
            Part lowest = null;
            for (Part p : melodic) {
                if (p.notes.size() >= 4 && (lowest == null || p.meanPitch < lowest.meanPitch)) {
                    lowest = p;
                }
            }
            if (lowest != null && lowest.meanPitch < BASS_MAX_MEAN_PITCH) {
                bass = lowest;
            }
        }
        // P1: melody
        Part melody = null;
        double best = 0;
        for (Part p : melodic) {
            if (p == bass && melodic.size() > 1) {
                continue;
            }
            double s = melodyScore(p);
            if (melody == null || s > best) {
                melody = p;
                best = s;
            }
        }
        if (melody == bass) {
            bass = null; // a single part: melody first, its low line may become the bass below
        }
        if (melody != null) {
            List<NesNote> line = fit(line(melody, used, true, Voice.P1), Voice.P1, 57, 93);
            out.addAll(line);
            p1Source = melody.label + " (" + line.size() + " notes)";
        }
        if (bass != null) {
            List<NesNote> line = fit(line(bass, used, false, Voice.TR), Voice.TR, 33, 64);
            out.addAll(line);
            trSource = bass.label + " (" + line.size() + " notes)";
        }
        // P2: harmony / counter-line
        Part harmony = null;
        best = 0;
        for (Part p : melodic) {
            if (p == melody || p == bass || p.notes.size() < 4 || (melody != null && doubles(p, melody))) {
                continue;
            }
            double s = Math.sqrt(p.coverage) * programFactor(p.program);
            if (harmony == null || s > best) {
                harmony = p;
                best = s;
            }
        }
        if (harmony == null && melody != null && melody.polyphony >= 1.2) {
            harmony = melody; // inner voice of a chordal melody part
        }
        if (harmony != null) {
            List<NesNote> line = fit(line(harmony, used, true, Voice.P2), Voice.P2, 48, 86);
            if (line.size() >= 4) {
                out.addAll(line);
                p2Source = harmony.label + (harmony == melody ? " inner voice" : "") + " (" + line.size() + " notes)";
            }
        }
        if (bass == null && melody != null && melody.polyphony >= 1.2) {
            List<NesNote> line = fit(line(melody, used, false, Voice.TR), Voice.TR, 33, 64);
            if (line.size() >= 4) {
                out.addAll(line);
                trSource = melody.label + " low voice (" + line.size() + " notes)";
            }
        }
        if (trSource.equals("none")) {
            // still no bass: the lowest remaining part, moved down into the triangle's range
            Part low = null;
            for (Part p : melodic) {
                if (p != melody && p != harmony && p.notes.size() >= 8 && (low == null || p.meanPitch < low.meanPitch)) {
                    low = p;
                }
            }
            if (low != null) {
                List<NesNote> line = fit(line(low, used, false, Voice.TR), Voice.TR, 33, 64);
                if (line.size() >= 4) {
                    out.addAll(line);
                    trSource = low.label + " low line (" + line.size() + " notes)";
                }
            }
        }
        List<NesNote> noise = drums(drums);
        out.addAll(noise);
        List<NesNote> clean = Tx1Codec.normalise(out);
        if (clean.isEmpty()) {
            throw new ArrangeException(name + ": cannot arrange: no notes left in the NES voices' ranges");
        }
        long end = 0;
        for (NesNote n : clean) {
            end = Math.max(end, n.endSample());
        }
        return new Result(new NesSong(name, clean, end), p1Source, p2Source, trSource, noise.size());
    }

    /**
     * True for an NES-MDB-style file (every track with notes is named p1, p2, tr or no): it is taken as it is,
     * since its noise track holds noise periods, not General MIDI drum keys.
     */
    static boolean isNesStyle(MidiFile file) {
        boolean any = false;
        for (MidiTrack t : file.tracks()) {
            boolean hasNotes = false;
            for (MidiEvent e : t.events()) {
                if (e.isNoteOn()) {
                    hasNotes = true;
                    break;
                }
            }
            if (!hasNotes) {
                continue;
            }
            if (Voice.byTrackName(t.name()) == null) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** True when most of {@code p}'s notes double {@code q}'s (same onset within 10 ms, same pitch class). */
    private static boolean doubles(Part p, Part q) {
        java.util.HashSet<Long> keys = new java.util.HashSet<>();
        for (Note n : q.notes) {
            keys.add((n.start / 441) * 12 + n.pitch % 12);
        }
        int same = 0;
        for (Note n : p.notes) {
            long bin = n.start / 441;
            if (keys.contains(bin * 12 + n.pitch % 12) || keys.contains((bin + 1) * 12 + n.pitch % 12)
                    || keys.contains((bin - 1) * 12 + n.pitch % 12)) {
                same++;
            }
        }
        return same > 0.6 * p.notes.size();
    }

    private static void addNote(Map<Integer, Part> parts, List<Note> drums, int trackIndex, MidiTrack track,
                                int channel, int pitch, long startTick, long endTick, int velocity,
                                List<long[]> programChanges, TempoMap tempo) {
        long s = Math.round(tempo.seconds(startTick) * Tx1Vocab.SAMPLE_RATE);
        long e = Math.round(tempo.seconds(endTick) * Tx1Vocab.SAMPLE_RATE);
        if (channel == DRUM_CHANNEL) {
            drums.add(new Note(pitch, s, e, velocity));
            return;
        }
        int key = trackIndex << 4 | channel;
        Part p = parts.get(key);
        if (p == null) {
            int program = programAt(programChanges, channel, startTick);
            String tn = track.name() == null ? "" : track.name();
            String label = String.format(Locale.ROOT, "track %d%s ch %d %s", trackIndex,
                    tn.isEmpty() ? "" : " '" + tn.replaceAll("[^\\x20-\\x7e]", "?") + "'", channel + 1,
                    GM_FAMILY[program / 8]);
            p = new Part(label, channel, program, tn);
            parts.put(key, p);
        }
        p.notes.add(new Note(pitch, s, e, velocity));
    }

    private static int programAt(List<long[]> changes, int channel, long tick) {
        int program = 0;
        for (long[] c : changes) {
            if (c[0] > tick) {
                break;
            }
            if (c[1] == channel) {
                program = (int) c[2];
            }
        }
        if (program == 0) { // a program set just after the first note (common) still names the part
            for (long[] c : changes) {
                if (c[1] == channel) {
                    return (int) c[2];
                }
            }
        }
        return program;
    }

    private static void stats(Part p, long songEnd) {
        p.notes.sort(Comparator.comparingLong((Note n) -> n.start).thenComparingInt(n -> -n.pitch));
        long union = 0;
        long sum = 0;
        double pitchSum = 0;
        long curStart = -1;
        long curEnd = -1;
        for (Note n : p.notes) {
            long len = n.end - n.start;
            sum += len;
            pitchSum += n.pitch * (double) len;
            if (n.start > curEnd) {
                if (curEnd > curStart) {
                    union += curEnd - curStart;
                }
                curStart = n.start;
                curEnd = n.end;
            } else {
                curEnd = Math.max(curEnd, n.end);
            }
        }
        if (curEnd > curStart) {
            union += curEnd - curStart;
        }
        p.coverage = Math.min(1.0, union / (double) songEnd);
        p.meanPitch = sum > 0 ? pitchSum / sum : 60;
        p.polyphony = union > 0 ? Math.max(1.0, sum / (double) union) : 1.0;
    }

    private static double melodyScore(Part p) {
        if (p.notes.size() < 8) {
            return 0.01 * p.notes.size();
        }
        double pitchFactor = Math.max(0.2, Math.min(1.5, (p.meanPitch - 40) / 30.0));
        double nameFactor = MELODY_NAME.matcher(p.trackName).matches() ? 1.6
                : ACCOMP_NAME.matcher(p.trackName).matches() || BASS_NAME.matcher(p.trackName).matches() ? 0.6 : 1.0;
        return Math.sqrt(p.coverage) * pitchFactor * programFactor(p.program) * nameFactor / p.polyphony;
    }

    /** Preference of a GM program (0-based) for carrying a melodic line. */
    static double programFactor(int program) {
        int family = program / 8;
        switch (family) {
            case 0: case 2:  return 0.9;   // piano, organ
            case 1:          return 0.7;   // chromatic percussion
            case 3:          return 1.0;   // guitar
            case 4:          return 0.4;   // bass
            case 5:          return program <= 41 ? 1.1 : 0.8; // solo strings / ensembles, harp, timpani
            case 6:          return program >= 52 && program <= 54 ? 1.3 : 0.7; // choir/voice vs ensembles
            case 7: case 8: case 9: case 10: return 1.3; // brass, reed, pipe, synth lead
            case 11:         return 0.5;   // pads
            case 12:         return 0.5;   // synth effects
            case 13:         return 0.8;   // ethnic
            default:         return 0.3;   // percussive, sound effects
        }
    }

    private static final String[] GM_FAMILY = {"piano", "chromatic-perc", "organ", "guitar", "bass", "strings",
        "ensemble", "brass", "reed", "pipe", "synth-lead", "synth-pad", "synth-fx", "ethnic", "percussive", "sfx"};

    /**
     * The skyline (top) or bass (bottom) line of {@code part}'s notes not yet used by another voice; marks the
     * notes it takes as used.
     */
    private static List<NesNote> line(Part part, Map<Part, BitSet> used, boolean top, Voice voice) {
        BitSet taken = used.computeIfAbsent(part, k -> new BitSet());
        Integer[] order = new Integer[part.notes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> part.notes.get(i).start)
                .thenComparingInt(i -> top ? -part.notes.get(i).pitch : part.notes.get(i).pitch));
        List<NesNote> out = new ArrayList<>();
        long curStart = -1;
        long curEnd = -1;
        int curPitch = -1;
        int curIndex = -1;
        List<long[]> picked = new ArrayList<>(); // start, end, pitch, index
        for (int i : order) {
            if (taken.get(i)) {
                continue;
            }
            Note n = part.notes.get(i);
            if (curIndex < 0 || n.start >= curEnd) {
                picked.add(new long[] {n.start, n.end, n.pitch, i});
            } else if (n.start == curStart) {
                continue; // same onset, the better note came first
            } else if (top ? n.pitch > curPitch : n.pitch < curPitch) {
                picked.get(picked.size() - 1)[1] = n.start; // cut the current note
                picked.add(new long[] {n.start, n.end, n.pitch, i});
            } else {
                continue; // under (over) the sounding note: dropped
            }
            long[] c = picked.get(picked.size() - 1);
            curStart = c[0];
            curEnd = c[1];
            curPitch = (int) c[2];
            curIndex = (int) c[3];
        }
        for (long[] c : picked) {
            taken.set((int) c[3]);
            if (c[1] > c[0]) {
                out.add(new NesNote(voice, (int) c[2], c[0], c[1]));
            }
        }
        return out;
    }

    /**
     * Moves the whole line by the octave shift that puts most notes into [lo, hi] (ties: the smaller shift), then
     * folds single notes still outside the voice's vocabulary range in by octaves.
     */
    private static List<NesNote> fit(List<NesNote> line, Voice v, int lo, int hi) {
        if (line.isEmpty()) {
            return line;
        }
        int bestShift = 0;
        int bestCount = -1;
        for (int k : new int[] {0, -1, 1, -2, 2, -3, 3, -4, 4}) {
            int count = 0;
            for (NesNote n : line) {
                int p = n.pitch() + 12 * k;
                if (p >= lo && p <= hi) {
                    count++;
                }
            }
            if (count > bestCount) {
                bestCount = count;
                bestShift = k;
            }
        }
        List<NesNote> out = new ArrayList<>(line.size());
        for (NesNote n : line) {
            int p = n.pitch() + 12 * bestShift;
            while (p < v.minPitch) {
                p += 12;
            }
            while (p > v.maxPitch) {
                p -= 12;
            }
            out.add(new NesNote(v, p, n.startSample(), n.endSample()));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ drums

    /** Noise note (16 - period index), length in ms and priority for a GM drum key; null to ignore. */
    static int[] drumMapping(int key) {
        switch (key) {
            case 35: case 36: return new int[] {4, 60, 5};            // kick
            case 38: case 40: return new int[] {10, 90, 6};           // snare
            case 37: return new int[] {12, 40, 4};                    // side stick
            case 39: return new int[] {11, 70, 6};                    // clap
            case 41: return new int[] {5, 100, 4};                    // toms, low to high
            case 43: return new int[] {6, 100, 4};
            case 45: return new int[] {7, 100, 4};
            case 47: return new int[] {8, 100, 4};
            case 48: return new int[] {9, 100, 4};
            case 50: return new int[] {10, 100, 4};
            case 42: case 44: return new int[] {15, 25, 1};           // closed / pedal hi-hat
            case 46: return new int[] {15, 120, 2};                   // open hi-hat
            case 49: case 52: case 55: case 57: return new int[] {13, 350, 3}; // crash, china, splash
            case 51: case 53: case 59: return new int[] {14, 100, 2}; // ride, bell
            case 54: case 69: case 70: case 82: return new int[] {16, 40, 1}; // tambourine, cabasa, maracas, shaker
            case 56: return new int[] {12, 50, 1};                    // cowbell
            default:
                if (key >= 60 && key <= 68) {
                    return new int[] {9 + (key - 60) / 3, 50, 1};    // bongos, congas, timbales, agogo
                }
                if (key >= 27 && key <= 87) {
                    return new int[] {12, 40, 0};
                }
                return null;
        }
    }

    private static List<NesNote> drums(List<Note> hits) {
        List<int[]> mapped = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        for (Note n : hits) {
            int[] m = drumMapping(n.pitch);
            if (m != null && n.velocity > 0) {
                mapped.add(m);
                notes.add(n);
            }
        }
        Integer[] order = new Integer[notes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> notes.get(i).start)
                .thenComparingInt(i -> -mapped.get(i)[2]));
        List<long[]> picked = new ArrayList<>();
        long lastStart = -1;
        for (int i : order) {
            Note n = notes.get(i);
            if (n.start == lastStart) {
                continue; // same onset: the more important hit came first
            }
            int[] m = mapped.get(i);
            long len = Math.round(m[1] / 1000.0 * Tx1Vocab.SAMPLE_RATE);
            if (!picked.isEmpty()) {
                long[] prev = picked.get(picked.size() - 1);
                prev[1] = Math.min(prev[1], n.start);
            }
            picked.add(new long[] {n.start, n.start + len, m[0]});
            lastStart = n.start;
        }
        List<NesNote> out = new ArrayList<>(picked.size());
        for (long[] p : picked) {
            if (p[1] > p[0]) {
                out.add(new NesNote(Voice.NO, (int) p[2], p[0], p[1]));
            }
        }
        return out;
    }
}
