package org.nesjam.gen.tokens;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiFormatException;
import org.nesjam.midi.MidiTrack;
import org.nesjam.midi.TempoMap;

/**
 * NES-MDB-style MIDI files <-> {@link NesSong}. Stateless, thread-safe.
 *
 * <p>Reading: the tracks named {@code p1}, {@code p2}, {@code tr}, {@code no} (NES-MDB's names) become the four
 * voices; tick times become 44.1 kHz samples through the file's tempo map (in NES-MDB, division 22,050 and
 * 500,000 us per quarter, one tick is one sample). Each voice is monophonic: a note-on ends the voice's sounding
 * note; a note-off (or note-on with velocity 0) ends the sounding note when its pitch matches and it did not
 * start at that same tick (NES-MDB writes the next note's note-on before the previous note's note-off at the
 * same tick, which may have the same pitch). The song ends at the last time-signature event (NES-MDB's
 * end marker), or at the last event when there is none. Dynamics (velocity, CC11) and timbre (CC12) are not
 * read: TX1 has neither. Noise notes above 16 are GM drum keys (a file written with {@link MidiOutMap#GM}) and are
 * read as noise notes ({@link MidiOutMap#noiseForDrumKey}).
 *
 * <p>Writing: format 1, division 22,050, tempo 500,000 us per quarter (1 tick = 1 sample), a conductor track
 * with the tempo, a 4/4 time signature at 0 and a 1/1 time signature at the song end (as NES-MDB), then tracks
 * {@code p1} (channel 1), {@code p2} (channel 2), {@code tr} (channel 3), {@code no} (channel 10), each with
 * NES-MDB's program change. TX1 has no dynamics, so every note gets a fixed 4-bit volume as its velocity
 * (P1 {@value #P1_VELOCITY}, P2 {@value #P2_VELOCITY}, NO {@value #NO_VELOCITY}; TR 1 as in NES-MDB, the
 * triangle has no volume) and a fixed timbre at tick 0 (CC12: P1 duty 50 %, P2 duty 25 %, noise long mode).
 * {@link #toTracks(NesSong, MidiOutMap, MidiFile)} can instead map the notes for a DAW ({@link MidiOutMap#GM}) and
 * write them on another file's timing grid (its division and tempo map: {@code nesjam arrange}).
 */
public final class NesMidi {
    /** NES-MDB's division: with the tempo below, one tick is one 44.1 kHz sample. */
    public static final int DIVISION = 22_050;
    public static final int TEMPO_MICROS = 500_000;
    public static final int P1_VELOCITY = 10;
    public static final int P2_VELOCITY = 8;
    public static final int TR_VELOCITY = 1;
    public static final int NO_VELOCITY = 7;
    private static final int[] CHANNEL = {0, 1, 2, 9};
    private static final int META_KEY_SIGNATURE = 0x59;
    private static final int[] PROGRAM = {80, 81, 38, 121};
    private static final int[] VELOCITY = {P1_VELOCITY, P2_VELOCITY, TR_VELOCITY, NO_VELOCITY};
    /** CC12 at tick 0 per voice; -1 for none (TR). Pulse duty 0..3 = 12.5/25/50/75 %, noise mode 0 = long. */
    private static final int[] TIMBRE = {2, 1, -1, 0};

    private NesMidi() {
    }

    /** Reads an NES-MDB-style file. */
    public static NesSong read(Path path) throws IOException {
        return fromMidi(MidiFile.read(path));
    }

    /** The NES song in {@code file}; a {@link MidiFormatException} when it has none of the p1/p2/tr/no tracks. */
    public static NesSong fromMidi(MidiFile file) throws MidiFormatException {
        TempoMap tempo = file.tempoMap();
        List<NesNote> notes = new ArrayList<>();
        boolean any = false;
        for (MidiTrack track : file.tracks()) {
            Voice voice = Voice.byTrackName(track.name());
            if (voice == null) {
                continue;
            }
            any = true;
            int pitch = -1;
            long startTick = 0;
            for (MidiEvent e : track.events()) {
                if (e.isNoteOn()) {
                    if (pitch >= 0 && e.tick() > startTick) {
                        notes.add(note(voice, pitch, startTick, e.tick(), tempo));
                    }
                    pitch = readPitch(voice, e.data1());
                    startTick = e.tick();
                } else if (e.isNoteOff()) {
                    if (pitch >= 0 && readPitch(voice, e.data1()) == pitch && e.tick() > startTick) {
                        notes.add(note(voice, pitch, startTick, e.tick(), tempo));
                        pitch = -1;
                    }
                }
            }
            if (pitch >= 0) {
                long end = file.endTick();
                if (end > startTick) {
                    notes.add(note(voice, pitch, startTick, end, tempo));
                }
            }
        }
        if (!any) {
            throw new MidiFormatException(file.sourceName() + ": not an NES-MDB-style file (no track named p1, p2, tr"
                    + " or no); arrange it first with 'nesjam arrange'");
        }
        long endTick = file.lastTimeSignatureTick();
        if (endTick < 0) {
            endTick = file.endTick();
        }
        String name = file.sourceName();
        return new NesSong(name, notes, toSample(endTick, tempo));
    }

    /**
     * The NES pitch of a note read from {@code voice}'s track: as is, except noise notes above 16, which are GM drum
     * keys of a {@link MidiOutMap#GM} file ({@link MidiOutMap#noiseForDrumKey}).
     */
    private static int readPitch(Voice voice, int note) {
        return voice == Voice.NO && note > Voice.NO.maxPitch ? MidiOutMap.noiseForDrumKey(note) : note;
    }

    private static NesNote note(Voice v, int pitch, long startTick, long endTick, TempoMap tempo) {
        return new NesNote(v, pitch, toSample(startTick, tempo), toSample(endTick, tempo));
    }

    /** Tick -> 44.1 kHz sample, rounded to the nearest sample. */
    public static long toSample(long tick, TempoMap tempo) {
        return Math.round(tempo.seconds(tick) * Tx1Vocab.SAMPLE_RATE);
    }

    /** The tracks of the NES-MDB-style file for {@code song} (see the class comment). */
    public static List<MidiTrack> toTracks(NesSong song) {
        return toTracks(song, MidiOutMap.NES, null);
    }

    /**
     * The tracks of the file for {@code song}, its notes mapped by {@code map} ({@link MidiOutMap#NES}: exactly
     * {@link #toTracks(NesSong)}; {@link MidiOutMap#GM}: the voices on channels 1, 2, 3, 10 with GM velocities and
     * drum keys, still in tracks p1/p2/tr/no). {@code grid} null: NES-MDB timing (division {@value #DIVISION},
     * one tick = one sample). Otherwise the timing grid of that (source) file: its division, its tempo, time
     * signature and key signature events at their ticks in the conductor track, and each note's sample time
     * converted to the grid's ticks through its tempo map (rounded to the nearest tick; a note lasts at least one
     * tick), so the output lines up bar for bar with the source; a 1/1 time signature still marks the song's end
     * (source time signatures at or after it are left out). An SMPTE-timed grid is ignored (NES-MDB timing).
     * {@link #fromMidi} reads either back through the tempo map.
     */
    public static List<MidiTrack> toTracks(NesSong song, MidiOutMap map, MidiFile grid) {
        TempoMap gridTempo = grid == null || grid.tempoMap().smpte() ? null : grid.tempoMap();
        List<MidiTrack> tracks = new ArrayList<>(5);
        long endSample = Math.max(song.endSample(), song.lastNoteEnd());
        long end = tick(endSample, gridTempo);
        List<MidiEvent> conductor = new ArrayList<>();
        if (gridTempo == null) {
            conductor.add(MidiEvent.meta(0, MidiEvent.META_TEMPO, new byte[] {0x07, (byte) 0xA1, 0x20}));
            conductor.add(MidiEvent.meta(0, MidiEvent.META_TIME_SIGNATURE, new byte[] {4, 2, 24, 8}));
        } else {
            for (MidiTrack t : grid.tracks()) {
                for (MidiEvent e : t.events()) {
                    if (e.kind() != MidiEvent.META) {
                        continue;
                    }
                    int type = e.metaType();
                    if (type == MidiEvent.META_TEMPO || type == META_KEY_SIGNATURE
                            || (type == MidiEvent.META_TIME_SIGNATURE && e.tick() < end)) {
                        conductor.add(e);
                    }
                }
                if (grid.format() != 1) {
                    break; // format 0: one track; format 2: the first track's tempo map, as TempoMap reads it
                }
            }
            conductor.sort((a, b) -> Long.compare(a.tick(), b.tick()));
        }
        conductor.add(MidiEvent.meta(end, MidiEvent.META_TIME_SIGNATURE, new byte[] {1, 0, 24, 8}));
        conductor.add(MidiEvent.meta(end, MidiEvent.META_END_OF_TRACK, new byte[0]));
        tracks.add(new MidiTrack("", conductor));
        List<NesNote> notes = Tx1Codec.normalise(song.notes());
        for (Voice v : Voice.values()) {
            int ch = map == MidiOutMap.NES ? CHANNEL[v.ordinal()] : map.channel(v);
            List<MidiEvent> ev = new ArrayList<>();
            ev.add(MidiEvent.channel(0, 0xC0 | ch, PROGRAM[v.ordinal()], 0));
            if (TIMBRE[v.ordinal()] >= 0) {
                ev.add(MidiEvent.channel(0, 0xB0 | ch, 12, TIMBRE[v.ordinal()]));
            }
            // Per voice the notes do not overlap; at a shared tick the note-off of the previous note comes first.
            for (NesNote n : notes) {
                if (n.voice() != v) {
                    continue;
                }
                int on = map.noteOn(v, n.pitch(), VELOCITY[v.ordinal()], n.endSample() - n.startSample());
                int key = (on >>> 8) & 0x7F;
                int vel = (on >>> 16) & 0x7F;
                long startTick = tick(n.startSample(), gridTempo);
                long endTick = Math.max(startTick + 1, tick(n.endSample(), gridTempo));
                ev.add(MidiEvent.channel(startTick, 0x90 | ch, key, vel));
                ev.add(MidiEvent.channel(endTick, 0x90 | ch, key, 0));
            }
            ev.sort((a, b) -> {
                int c = Long.compare(a.tick(), b.tick());
                if (c != 0) {
                    return c;
                }
                return Integer.compare(rank(a), rank(b));
            });
            tracks.add(new MidiTrack(v.trackName, ev));
        }
        return tracks;
    }

    /** Order at one tick: program/controls, then note-offs, then note-ons. */
    private static int rank(MidiEvent e) {
        if (e.isNoteOff()) {
            return 1;
        }
        return e.isNoteOn() ? 2 : 0;
    }

    /** A 44.1 kHz sample time as a tick of {@code grid} (null: NES-MDB timing, tick = sample). */
    private static long tick(long sample, TempoMap grid) {
        return grid == null ? sample : Math.max(0, grid.tickAt(sample / (double) Tx1Vocab.SAMPLE_RATE));
    }

    public static byte[] toBytes(NesSong song) {
        return MidiFileWriter.toBytes(DIVISION, toTracks(song));
    }

    public static void write(Path path, NesSong song) throws IOException {
        MidiFileWriter.write(path, DIVISION, toTracks(song));
    }

    /** {@link #write(Path, NesSong)} with the notes mapped by {@code map} (see {@link #toTracks(NesSong, MidiOutMap, MidiFile)}). */
    public static void write(Path path, NesSong song, MidiOutMap map) throws IOException {
        write(path, song, map, null);
    }

    /**
     * Writes {@code song} mapped by {@code map} on the timing grid of {@code grid} (null: NES-MDB timing; see
     * {@link #toTracks(NesSong, MidiOutMap, MidiFile)}).
     */
    public static void write(Path path, NesSong song, MidiOutMap map, MidiFile grid) throws IOException {
        MidiFileWriter.write(path, division(grid), toTracks(song, map, grid));
    }

    public static byte[] toBytes(NesSong song, MidiOutMap map, MidiFile grid) {
        return MidiFileWriter.toBytes(division(grid), toTracks(song, map, grid));
    }

    private static int division(MidiFile grid) {
        return grid == null || grid.tempoMap().smpte() ? DIVISION : grid.division();
    }
}
