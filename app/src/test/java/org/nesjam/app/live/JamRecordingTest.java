package org.nesjam.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.plugin.Midi;

/** The jam's MIDI recording keeps its timing when the engine's sample rate changes mid-take (a JACK restart). */
class JamRecordingTest {

    @Test
    void noteTimesSurviveARateChange(@TempDir Path dir) throws Exception {
        Path mid = dir.resolve("take.mid");
        JamRecording rec = new JamRecording(mid, 48_000);
        rec.event(48_000, Midi.pack(Midi.NOTE_ON, 60, 100), 0);   // 1 s
        rec.event(96_000, Midi.pack(Midi.NOTE_OFF, 60, 0), 0);    // 2 s
        rec.rateChanged(96_000, 44_100);                            // the server came back at 44.1 kHz
        rec.event(96_000 + 44_100, Midi.pack(Midi.NOTE_ON, 64, 100), 0);       // 3 s
        rec.event(96_000 + 2 * 44_100, Midi.pack(Midi.NOTE_OFF, 64, 0), 0);   // 4 s
        rec.write();
        List<NesNote> notes = NesMidi.read(mid).notes();
        assertEquals(2, notes.size(), notes.toString());
        // NES-MDB time is 44.1 kHz samples from the first event
        assertEquals(0, notes.get(0).startSample());
        assertEquals(44_100, notes.get(0).endSample());
        assertEquals(2 * 44_100, notes.get(1).startSample());
        assertEquals(3 * 44_100, notes.get(1).endSample());
    }

    /** With the jam's grid (here 90 bpm, beat 0 at sample 1000) the file is in beats, tick 0 on a bar line. */
    @Test
    void aGridMakesTheFileLineUpWithADawAtThatTempo(@TempDir Path dir) throws Exception {
        Path mid = dir.resolve("take.mid");
        JamRecording rec = new JamRecording(mid, 48_000);
        double spb = 48_000 * 60.0 / 90;
        rec.grid(1000, spb);
        rec.event(Math.round(1000 + 5.25 * spb), Midi.pack(Midi.NOTE_ON, 60, 100), 0); // beat 5.25: bar 2, a 16th in
        rec.event(Math.round(1000 + 6.5 * spb), Midi.pack(Midi.NOTE_OFF, 60, 0), 0);
        rec.write();
        org.nesjam.midi.MidiFile file = org.nesjam.midi.MidiFile.read(mid);
        long on = -1;
        int micros = -1;
        for (org.nesjam.midi.MidiTrack t : file.tracks()) {
            for (org.nesjam.midi.MidiEvent e : t.events()) {
                if (e.kind() == org.nesjam.midi.MidiEvent.META && e.metaType() == org.nesjam.midi.MidiEvent.META_TEMPO) {
                    micros = (e.data()[0] & 0xFF) << 16 | (e.data()[1] & 0xFF) << 8 | (e.data()[2] & 0xFF);
                } else if (e.kind() == org.nesjam.midi.MidiEvent.CHANNEL && on < 0 && e.data2() > 0) {
                    on = e.tick();
                }
            }
        }
        assertEquals(666_667, micros, "tempo event at 90 bpm");
        assertEquals(Math.round(1.25 * NesMidi.DIVISION), on, "the note a beat and a 16th after the bar line");
    }
}
