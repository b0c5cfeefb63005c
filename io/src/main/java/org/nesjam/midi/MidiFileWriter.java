package org.nesjam.midi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes format-1 Standard MIDI Files. Events of each track are written in tick order (stable), without running
 * status; an end-of-track event is appended when missing. Files are written to a temporary sibling and moved into
 * place, so a failed write never leaves half a file.
 */
public final class MidiFileWriter {
    private MidiFileWriter() {
    }

    public static void write(Path path, int division, List<MidiTrack> tracks) throws IOException {
        byte[] bytes = toBytes(division, tracks);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".nesjam-", ".mid.tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static byte[] toBytes(int division, List<MidiTrack> tracks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1});
        u16(out, tracks.size());
        u16(out, division);
        for (MidiTrack t : tracks) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<MidiEvent> events = new ArrayList<>(t.events());
            events.sort(Comparator.comparingLong(MidiEvent::tick));
            boolean hasName = events.stream().anyMatch(e -> e.kind() == MidiEvent.META
                    && e.metaType() == MidiEvent.META_TRACK_NAME);
            long tick = 0;
            if (!hasName && !t.name().isEmpty()) {
                body.write(0);
                writeMeta(body, MidiEvent.META_TRACK_NAME, t.name().getBytes(StandardCharsets.ISO_8859_1));
            }
            boolean ended = false;
            for (MidiEvent e : events) {
                if (ended) {
                    break;
                }
                vlq(body, e.tick() - tick);
                tick = e.tick();
                switch (e.kind()) {
                    case MidiEvent.CHANNEL -> {
                        body.write(e.status());
                        body.write(e.data1());
                        if ((e.status() & 0xE0) != 0xC0) {
                            body.write(e.data2());
                        }
                    }
                    case MidiEvent.META -> {
                        writeMeta(body, e.metaType(), e.data());
                        ended = e.metaType() == MidiEvent.META_END_OF_TRACK;
                    }
                    default -> {
                        body.write(e.message() == 0xF7 ? 0xF7 : 0xF0);
                        vlq(body, e.data().length);
                        body.writeBytes(e.data());
                    }
                }
            }
            if (!ended) {
                body.write(0);
                writeMeta(body, MidiEvent.META_END_OF_TRACK, new byte[0]);
            }
            out.writeBytes(new byte[] {'M', 'T', 'r', 'k'});
            int n = body.size();
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.writeBytes(body.toByteArray());
        }
        return out.toByteArray();
    }

    private static void writeMeta(ByteArrayOutputStream body, int type, byte[] data) {
        body.write(0xFF);
        body.write(type);
        vlq(body, data.length);
        body.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void vlq(ByteArrayOutputStream out, long value) {
        if (value < 0 || value > 0x0FFFFFFF) {
            throw new IllegalArgumentException("delta time out of range: " + value);
        }
        int shift = 21;
        while (shift > 0 && (value >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            out.write((int) ((value >>> shift) & 0x7F) | 0x80);
        }
        out.write((int) (value & 0x7F));
    }
}
