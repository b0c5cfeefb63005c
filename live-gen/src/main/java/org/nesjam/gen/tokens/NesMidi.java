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
 * read: TX1 has neither.
 *
 * <p>Writing: format 1, division 22,050, tempo 500,000 us per quarter (1 tick = 1 sample), a conductor track
 * with the tempo, a 4/4 time signature at 0 and a 1/1 time signature at the song end (as NES-MDB), then tracks
 * {@code p1} (channel 1), {@code p2} (channel 2), {@code tr} (channel 3), {@code no} (channel 10), each with
 * NES-MDB's program change. TX1 has no dynamics, so every note gets a fixed 4-bit volume as its velocity
 * (P1 {@value #P1_VELOCITY}, P2 {@value #P2_VELOCITY}, NO {@value #NO_VELOCITY}; TR 1 as in NES-MDB, the
 * triangle has no volume) and a fixed timbre at tick 0 (CC12: P1 duty 50 %, P2 duty 25 %, noise long mode).
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
                    pitch = e.data1();
                    startTick = e.tick();
                } else if (e.isNoteOff()) {
                    if (pitch >= 0 && e.data1() == pitch && e.tick() > startTick) {
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

    private static NesNote note(Voice v, int pitch, long startTick, long endTick, TempoMap tempo) {
        return new NesNote(v, pitch, toSample(startTick, tempo), toSample(endTick, tempo));
    }

    /** Tick -> 44.1 kHz sample, rounded to the nearest sample. */
    public static long toSample(long tick, TempoMap tempo) {
        return Math.round(tempo.seconds(tick) * Tx1Vocab.SAMPLE_RATE);
    }

    /** The tracks of the NES-MDB-style file for {@code song} (see the class comment). */
    public static List<MidiTrack> toTracks(NesSong song) {
        List<MidiTrack> tracks = new ArrayList<>(5);
        long end = Math.max(song.endSample(), song.lastNoteEnd());
        List<MidiEvent> conductor = new ArrayList<>();
        conductor.add(MidiEvent.meta(0, MidiEvent.META_TEMPO, new byte[] {0x07, (byte) 0xA1, 0x20}));
        conductor.add(MidiEvent.meta(0, MidiEvent.META_TIME_SIGNATURE, new byte[] {4, 2, 24, 8}));
        conductor.add(MidiEvent.meta(end, MidiEvent.META_TIME_SIGNATURE, new byte[] {1, 0, 24, 8}));
        conductor.add(MidiEvent.meta(end, MidiEvent.META_END_OF_TRACK, new byte[0]));
        tracks.add(new MidiTrack("", conductor));
        List<NesNote> notes = Tx1Codec.normalise(song.notes());
        for (Voice v : Voice.values()) {
            int ch = CHANNEL[v.ordinal()];
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
                ev.add(MidiEvent.channel(n.startSample(), 0x90 | ch, n.pitch(), VELOCITY[v.ordinal()]));
                ev.add(MidiEvent.channel(n.endSample(), 0x90 | ch, n.pitch(), 0));
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

    public static byte[] toBytes(NesSong song) {
        return MidiFileWriter.toBytes(DIVISION, toTracks(song));
    }

    public static void write(Path path, NesSong song) throws IOException {
        MidiFileWriter.write(path, DIVISION, toTracks(song));
    }
}
