package org.nesjam.midi;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A track's events in tick order (stable for equal ticks, as in the file). */
public record MidiTrack(String name, List<MidiEvent> events) {
    public MidiTrack {
        events = List.copyOf(events);
        name = name == null ? "" : name;
    }

    /** A track with a name taken from its first track-name meta event (empty if none). */
    public static MidiTrack of(List<MidiEvent> events) {
        String name = "";
        for (MidiEvent e : events) {
            if (e.kind() == MidiEvent.META && e.metaType() == MidiEvent.META_TRACK_NAME) {
                name = new String(e.data(), StandardCharsets.ISO_8859_1).trim();
                break;
            }
        }
        return new MidiTrack(name, events);
    }
}
