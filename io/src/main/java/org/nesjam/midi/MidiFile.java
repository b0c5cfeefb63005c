package org.nesjam.midi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Standard MIDI File (format 0, 1 or 2). Reading never hangs and never throws anything but
 * {@link MidiFormatException} (bad content) or {@link IOException} (unreadable file), each with a one-line
 * message that names the file. Tolerated: running status, unknown meta events and chunks, system bytes inside
 * tracks, a missing end-of-track at the end of a chunk. Rejected: not MIDI, truncated chunks or events, zero
 * tracks, files over {@link #MAX_FILE_BYTES}, more than {@link #MAX_EVENTS} events, and absurd times (an event
 * more than {@link #MAX_SECONDS} s after the start).
 */
public final class MidiFile {
    public static final int MAX_FILE_BYTES = 64 << 20;
    public static final int MAX_EVENTS = 4_000_000;
    public static final double MAX_SECONDS = 24 * 3600;

    private final String sourceName;
    private final int format;
    private final int division;
    private final List<MidiTrack> tracks;
    private final TempoMap tempoMap;

    private MidiFile(String sourceName, int format, int division, double smpteSecondsPerTick,
                     List<MidiTrack> tracks) {
        this.sourceName = sourceName;
        this.format = format;
        this.division = division;
        this.tracks = List.copyOf(tracks);
        List<long[]> changes = new ArrayList<>();
        for (MidiTrack t : tracks) {
            for (MidiEvent e : t.events()) {
                if (e.kind() == MidiEvent.META && e.metaType() == MidiEvent.META_TEMPO && e.data().length >= 3) {
                    int micros = (e.data()[0] & 0xFF) << 16 | (e.data()[1] & 0xFF) << 8 | (e.data()[2] & 0xFF);
                    if (micros > 0) {
                        changes.add(new long[] {e.tick(), micros});
                    }
                }
            }
            if (format != 1) {
                break;
            }
        }
        changes.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] ticks = new long[changes.size()];
        int[] tempos = new int[changes.size()];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = changes.get(i)[0];
            tempos[i] = (int) changes.get(i)[1];
        }
        this.tempoMap = new TempoMap(division, smpteSecondsPerTick, ticks, tempos);
    }

    /** Builds a file in memory (for writers and tests). */
    public static MidiFile of(String sourceName, int format, int division, List<MidiTrack> tracks) {
        return new MidiFile(sourceName, format, division, 0, tracks);
    }

    /** Reads and parses {@code path}. */
    public static MidiFile read(Path path) throws IOException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new MidiFormatException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new MidiFormatException(path + ": is a directory, not a MIDI file");
        }
        if (size > MAX_FILE_BYTES) {
            throw new MidiFormatException(name + ": too large for a MIDI file (" + size + " bytes)");
        }
        return parse(Files.readAllBytes(path), name);
    }

    /** Parses SMF bytes; {@code sourceName} prefixes every error message. */
    public static MidiFile parse(byte[] bytes, String sourceName) throws MidiFormatException {
        return new Parser(bytes, sourceName).parse();
    }

    public String sourceName() {
        return sourceName;
    }

    public int format() {
        return format;
    }

    /** Ticks per quarter note (for SMPTE files: ticks per second, with {@link #tempoMap()} fixed). */
    public int division() {
        return division;
    }

    public List<MidiTrack> tracks() {
        return tracks;
    }

    public TempoMap tempoMap() {
        return tempoMap;
    }

    /** Tick of the last event of any track (0 for empty tracks). */
    public long endTick() {
        long end = 0;
        for (MidiTrack t : tracks) {
            if (!t.events().isEmpty()) {
                end = Math.max(end, t.events().get(t.events().size() - 1).tick());
            }
        }
        return end;
    }

    /** Tick of the last time-signature meta event in any track, or -1 (NES-MDB marks the song's end so). */
    public long lastTimeSignatureTick() {
        long last = -1;
        for (MidiTrack t : tracks) {
            for (MidiEvent e : t.events()) {
                if (e.kind() == MidiEvent.META && e.metaType() == MidiEvent.META_TIME_SIGNATURE) {
                    last = Math.max(last, e.tick());
                }
            }
        }
        return last;
    }

    /** Parses one byte array; all state is local to one parse. */
    private static final class Parser {
        private final byte[] b;
        private final String name;
        private int pos;
        private int events;

        Parser(byte[] bytes, String name) {
            this.b = bytes;
            this.name = name;
        }

        private MidiFormatException error(String what) {
            return new MidiFormatException(name + ": " + what);
        }

        MidiFile parse() throws MidiFormatException {
            if (b.length < 14 || b[0] != 'M' || b[1] != 'T' || b[2] != 'h' || b[3] != 'd') {
                if (b.length >= 4 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F') {
                    throw error("RIFF-wrapped MIDI (RMID) is not supported; extract the SMF data");
                }
                throw error(b.length < 14 ? "not a MIDI file (too short)" : "not a MIDI file (no MThd header)");
            }
            pos = 4;
            long headerLength = u32();
            if (headerLength < 6 || headerLength > b.length - 8) {
                throw error("bad header length " + headerLength);
            }
            int format = u16();
            int declaredTracks = u16();
            int divisionWord = u16();
            pos = (int) (8 + headerLength);
            if (format > 2) {
                throw error("unknown MIDI file format " + format);
            }
            int division;
            double smpteSecondsPerTick = 0;
            if ((divisionWord & 0x8000) != 0) {
                int fps = -(byte) (divisionWord >> 8);
                int ticksPerFrame = divisionWord & 0xFF;
                if (fps <= 0 || ticksPerFrame == 0) {
                    throw error("bad SMPTE division");
                }
                double realFps = fps == 29 ? 29.97 : fps;
                division = fps * ticksPerFrame;
                smpteSecondsPerTick = 1.0 / (realFps * ticksPerFrame);
            } else {
                division = divisionWord;
                if (division == 0) {
                    throw error("division of 0 ticks per quarter note");
                }
            }
            List<MidiTrack> tracks = new ArrayList<>();
            int trackIndex = 0;
            while (pos + 8 <= b.length) {
                boolean isTrack = b[pos] == 'M' && b[pos + 1] == 'T' && b[pos + 2] == 'r' && b[pos + 3] == 'k';
                pos += 4;
                long length = u32();
                if (length > b.length - pos) {
                    throw error("truncated file: track " + trackIndex + " declares " + length + " bytes, "
                            + (b.length - pos) + " remain");
                }
                int end = pos + (int) length;
                if (isTrack) {
                    tracks.add(track(end, trackIndex));
                    trackIndex++;
                }
                pos = end;
            }
            if (tracks.isEmpty()) {
                throw error(declaredTracks == 0 ? "no tracks" : "no track chunks (header declares " + declaredTracks + ")");
            }
            MidiFile file = new MidiFile(name, format, division, smpteSecondsPerTick, tracks);
            double endSeconds = file.tempoMap().seconds(file.endTick());
            if (!(endSeconds <= MAX_SECONDS)) {
                throw error(String.format("absurd delta times: last event at %.0f s", endSeconds));
            }
            return file;
        }

        private MidiTrack track(int end, int trackIndex) throws MidiFormatException {
            List<MidiEvent> list = new ArrayList<>();
            long tick = 0;
            int running = 0;
            while (pos < end) {
                long delta = vlq(end, trackIndex);
                tick += delta;
                if (tick > (1L << 40)) {
                    throw error("absurd delta times in track " + trackIndex);
                }
                if (pos >= end) {
                    throw error("truncated event in track " + trackIndex + " at byte " + pos);
                }
                int status = b[pos] & 0xFF;
                if (status < 0x80) {
                    if (running == 0) {
                        throw error("data byte without status in track " + trackIndex + " at byte " + pos);
                    }
                    status = running;
                } else {
                    pos++;
                }
                if (++events > MAX_EVENTS) {
                    throw error("more than " + MAX_EVENTS + " events");
                }
                if (status < 0xF0) {
                    running = status;
                    int n = (status & 0xE0) == 0xC0 ? 1 : 2;
                    if (pos + n > end) {
                        throw error("truncated event in track " + trackIndex + " at byte " + pos);
                    }
                    int d1 = b[pos++] & 0xFF;
                    int d2 = n == 2 ? b[pos++] & 0xFF : 0;
                    if (d1 > 0x7F || d2 > 0x7F) {
                        throw error("bad data byte in track " + trackIndex + " at byte " + (pos - n));
                    }
                    list.add(MidiEvent.channel(tick, status, d1, d2));
                } else if (status == 0xFF) {
                    if (pos >= end) {
                        throw error("truncated meta event in track " + trackIndex);
                    }
                    int type = b[pos++] & 0xFF;
                    byte[] data = block(end, trackIndex);
                    if (type == MidiEvent.META_END_OF_TRACK) {
                        list.add(MidiEvent.meta(tick, type, data));
                        break;
                    }
                    list.add(MidiEvent.meta(tick, type, data));
                } else if (status == 0xF0 || status == 0xF7) {
                    byte[] data = block(end, trackIndex);
                    list.add(new MidiEvent(tick, MidiEvent.SYSEX, status, 0, data));
                } else {
                    int n = status == 0xF2 ? 2 : (status == 0xF1 || status == 0xF3) ? 1 : 0;
                    if (pos + n > end) {
                        throw error("truncated event in track " + trackIndex);
                    }
                    pos += n;
                }
            }
            return MidiTrack.of(list);
        }

        private byte[] block(int end, int trackIndex) throws MidiFormatException {
            long length = vlq(end, trackIndex);
            if (length > end - pos) {
                throw error("truncated meta or sysex event in track " + trackIndex + " at byte " + pos);
            }
            byte[] data = java.util.Arrays.copyOfRange(b, pos, pos + (int) length);
            pos += (int) length;
            return data;
        }

        private long vlq(int end, int trackIndex) throws MidiFormatException {
            long value = 0;
            for (int i = 0; i < 4; i++) {
                if (pos >= end) {
                    throw error("truncated event in track " + trackIndex + " at byte " + pos);
                }
                int c = b[pos++] & 0xFF;
                value = value << 7 | (c & 0x7F);
                if ((c & 0x80) == 0) {
                    return value;
                }
            }
            throw error("bad variable-length number in track " + trackIndex + " at byte " + pos);
        }

        private int u16() {
            int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        private long u32() {
            long v = (b[pos] & 0xFFL) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }
    }
}
