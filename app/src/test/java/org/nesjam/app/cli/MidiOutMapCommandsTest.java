package org.nesjam.app.cli;

import org.nesjam.app.live.JamRecording;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.gen.tokens.MidiOutMap;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;
import org.nesjam.plugin.Midi;

/** {@code --midi-out-map gm|nes} through the commands, the jam's recording, and arrange's source timing grid. */
class MidiOutMapCommandsTest {
    private static final String TINY = ModelCommandsTest.TINY;

    @TempDir
    Path tmp;

    private static List<MidiEvent> noteOns(MidiFile f, String track) {
        List<MidiEvent> out = new ArrayList<>();
        for (MidiTrack t : f.tracks()) {
            if (t.name().equals(track)) {
                for (MidiEvent e : t.events()) {
                    if (e.isNoteOn()) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void generateGmWritesGmDrumsOnChannelTenAndNesIsTheDefault() throws Exception {
        Path gm = tmp.resolve("gm.mid");
        Path nes = tmp.resolve("nes.mid");
        Path def = tmp.resolve("default.mid");
        CliRun r = CliRun.of("generate", "--seconds", "20", "-o", gm.toString(), "--seed", "3", "--model", TINY,
                "--midi-out-map", "gm");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(0, CliRun.of("generate", "--seconds", "20", "-o", nes.toString(), "--seed", "3", "--model", TINY,
                "--midi-out-map", "nes").code());
        assertEquals(0, CliRun.of("generate", "--seconds", "20", "-o", def.toString(), "--seed", "3", "--model", TINY)
                .code());
        assertArrayEquals(Files.readAllBytes(def), Files.readAllBytes(nes), "nes is generate's default");

        MidiFile g = MidiFile.read(gm);
        List<MidiEvent> drums = noteOns(g, "no");
        assertTrue(!drums.isEmpty(), "the tiny model played no noise in 20 s");
        for (MidiEvent e : drums) {
            assertEquals(9, e.channel());
            assertTrue(Set.of(36, 38, 42, 46).contains(e.data1()), "drum key " + e.data1());
        }
        for (MidiEvent e : noteOns(g, "tr")) {
            assertEquals(2, e.channel());
            assertEquals(MidiOutMap.GM_TRIANGLE_VELOCITY, e.data2());
        }

        // the nes file round-trips through NesMidi.read: its noise is NES-MDB noise notes, pitched voices equal gm's
        NesSong n = NesMidi.read(nes);
        for (MidiEvent e : noteOns(MidiFile.read(nes), "no")) {
            assertTrue(e.data1() >= 1 && e.data1() <= 16, "NES-MDB noise note " + e.data1());
        }
        assertEquals(drums.size(), n.notes(Voice.NO).size());
        NesSong back = NesMidi.fromMidi(MidiFile.parse(NesMidi.toBytes(n), "again.mid"));
        assertEquals(n.notes(), back.notes());
        NesSong fromGm = NesMidi.read(gm);
        for (Voice v : List.of(Voice.P1, Voice.P2, Voice.TR)) {
            assertEquals(n.notes(v), fromGm.notes(v), v.toString());
        }
    }

    @Test
    void unknownMapIsOneLineAndExitTwo() {
        for (String[] argv : List.of(
                new String[] {"generate", "--seconds", "1", "-o", tmp.resolve("x.mid").toString(), "--model", TINY,
                    "--midi-out-map", "bogus"},
                new String[] {"jam", "--no-midi", "--seconds", "1", "--model", TINY, "--midi-out-map", "bogus"})) {
            CliRun r = CliRun.of(argv);
            assertEquals(2, r.code(), r.out() + r.err());
            String err = r.err().strip();
            assertTrue(err.contains("--midi-out-map") && err.contains("bogus"), err);
            assertTrue(!err.contains("\n"), "one line: " + err);
        }
        assertTrue(!Files.exists(tmp.resolve("x.mid")));
    }

    @Test
    void jamRecordingMapsGmByDefaultAndNesOnRequest() throws Exception {
        Path gm = tmp.resolve("gm.mid");
        Path nes = tmp.resolve("nes.mid");
        for (JamRecording rec : List.of(new JamRecording(gm, 44_100), new JamRecording(nes, 44_100, MidiOutMap.NES))) {
            rec.event(0, Midi.pack(Midi.NOTE_ON | 3, 2, 7), 0);      // deep noise
            rec.event(4_410, Midi.pack(Midi.NOTE_OFF | 3, 2, 0), 0);
            rec.event(0, Midi.pack(Midi.NOTE_ON | 2, 40, 1), 0);      // triangle
            rec.event(44_100, Midi.pack(Midi.NOTE_OFF | 2, 40, 0), 0);
            rec.event(0, Midi.pack(Midi.NOTE_ON, 72, 4), 0);          // P1 at volume 4
            rec.event(22_050, Midi.pack(Midi.NOTE_OFF, 72, 0), 0);
            rec.write();
        }
        MidiFile g = MidiFile.read(gm);
        MidiEvent kick = noteOns(g, "no").get(0);
        assertEquals(9, kick.channel());
        assertEquals(MidiOutMap.KICK, kick.data1());
        assertEquals(MidiOutMap.gmVelocity(7), kick.data2());
        assertEquals(100, noteOns(g, "tr").get(0).data2());
        assertEquals(66, noteOns(g, "p1").get(0).data2());
        MidiFile n = MidiFile.read(nes);
        MidiEvent noise = noteOns(n, "no").get(0);
        assertEquals(3, noise.channel());
        assertEquals(2, noise.data1());
        assertEquals(7, noise.data2());
        assertEquals(1, noteOns(n, "tr").get(0).data2());
        assertEquals(4, noteOns(n, "p1").get(0).data2());
        // both read back as NES songs with the same pitched notes
        assertEquals(NesMidi.read(nes).notes(Voice.P1), NesMidi.read(gm).notes(Voice.P1));
        assertEquals(List.of(new NesNote(Voice.NO, 2, 0, 4_410)), NesMidi.read(nes).notes(Voice.NO));
    }

    @Test
    void arrangeKeepsTheSourceDivisionAndTempoMap() throws Exception {
        int q = 480;
        List<MidiEvent> conductor = new ArrayList<>();
        conductor.add(MidiEvent.meta(0, MidiEvent.META_TEMPO, new byte[] {0x07, (byte) 0xA1, 0x20})); // 120 bpm
        conductor.add(MidiEvent.meta(8L * q, MidiEvent.META_TEMPO, new byte[] {0x0A, 0x2C, 0x2B}));  // 90 bpm
        List<MidiEvent> lead = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            lead.add(MidiEvent.channel((long) k * q, 0x90, 72 + k % 4, 100));
            lead.add(MidiEvent.channel((long) k * q + q / 2, 0x80, 72 + k % 4, 0));
        }
        lead.sort((a, b) -> Long.compare(a.tick(), b.tick()));
        Path src = tmp.resolve("src.mid");
        MidiFileWriter.write(src, q, List.of(new MidiTrack("", conductor), new MidiTrack("Lead", lead)));
        Path out = tmp.resolve("nes.mid");
        CliRun r = CliRun.of("arrange", src.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        MidiFile f = MidiFile.read(out);
        assertEquals(q, f.division());
        List<MidiEvent> p1 = noteOns(f, "p1");
        assertEquals(16, p1.size());
        for (int k = 0; k < 16; k++) {
            assertEquals((long) k * q, p1.get(k).tick());
        }
        NesSong s = NesMidi.read(out);
        assertEquals(4 * 44_100L, s.notes(Voice.P1).get(8).startSample()); // bar 3 at 4 s
        assertEquals(4 * 44_100L + Math.round(2.0 / 3 * 44_100), s.notes(Voice.P1).get(9).startSample());
    }
}
