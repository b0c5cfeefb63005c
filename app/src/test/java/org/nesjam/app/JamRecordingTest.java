package org.nesjam.app;

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
}
