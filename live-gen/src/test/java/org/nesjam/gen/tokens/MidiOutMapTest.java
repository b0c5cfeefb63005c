package org.nesjam.gen.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.midi.MidiEvent;
import org.nesjam.midi.MidiFile;
import org.nesjam.midi.MidiFileWriter;
import org.nesjam.midi.MidiTrack;
import org.nesjam.plugin.Midi;

/** {@code --midi-out-map}: the GM map's channels, drum keys and velocity curve; NES semantics unchanged. */
class MidiOutMapTest {

    @Test
    void gmChannelsAreOneTwoThreeAndTen() {
        assertEquals(0, MidiOutMap.GM.channel(Voice.P1));
        assertEquals(1, MidiOutMap.GM.channel(Voice.P2));
        assertEquals(2, MidiOutMap.GM.channel(Voice.TR));
        assertEquals(9, MidiOutMap.GM.channel(Voice.NO));
        int on = MidiOutMap.GM.noteOn(Voice.NO, 3, 7, -1);
        assertEquals(0x99, on & 0xFF);
        assertEquals(0x90, MidiOutMap.GM.noteOn(Voice.P1, 60, 10, 100) & 0xFF);
        assertEquals(60, (MidiOutMap.GM.noteOn(Voice.P1, 60, 10, 100) >>> 8) & 0x7F, "pitched notes keep their pitch");
    }

    @Test
    void gmDrumKeysByNoiseNote() {
        // deep noise (period index $F..$C) -> kick
        assertEquals(36, MidiOutMap.GM.note(Voice.NO, 1, -1));
        assertEquals(36, MidiOutMap.GM.note(Voice.NO, 4, 1000));
        // middle -> snare
        assertEquals(38, MidiOutMap.GM.note(Voice.NO, 5, 1000));
        assertEquals(38, MidiOutMap.GM.note(Voice.NO, 8, -1));
        assertEquals(38, MidiOutMap.GM.note(Voice.NO, 10, 1000));
        // bright and short -> closed hat
        assertEquals(42, MidiOutMap.GM.note(Voice.NO, 11, 1000));
        assertEquals(42, MidiOutMap.GM.note(Voice.NO, 15, -1));
        // the highest noise, or a long hat -> open hat
        assertEquals(46, MidiOutMap.GM.note(Voice.NO, 16, 1000));
        assertEquals(46, MidiOutMap.GM.note(Voice.NO, 16, -1));
        assertEquals(46, MidiOutMap.GM.note(Voice.NO, 13, 44_100));
        assertEquals(38, MidiOutMap.GM.note(Voice.NO, 8, 44_100), "a long snare stays a snare");
        for (int n = 1; n <= 16; n++) {
            int key = MidiOutMap.GM.note(Voice.NO, n, -1);
            assertTrue(List.of(36, 38, 42, 46).contains(key), "noise " + n + " -> " + key);
        }
    }

    @Test
    void gmVelocityCurveIsMonotonicWithFixedEndpointsAndTriangle() {
        assertEquals(127, MidiOutMap.GM.velocity(Voice.P1, 15));
        assertEquals(33, MidiOutMap.GM.velocity(Voice.P1, 1)); // round(127 * sqrt(1/15))
        assertEquals(1, MidiOutMap.GM.velocity(Voice.P1, 0), "at least 1");
        int prev = 0;
        for (int vol = 1; vol <= 15; vol++) {
            int v = MidiOutMap.GM.velocity(Voice.P2, vol);
            assertEquals((int) Math.round(127 * Math.sqrt(vol / 15.0)), v);
            assertTrue(v > prev, "monotonic at " + vol);
            prev = v;
        }
        assertEquals(MidiOutMap.GM.velocity(Voice.NO, 7), MidiOutMap.GM.velocity(Voice.P1, 7));
        for (int vol = 0; vol <= 15; vol++) {
            assertEquals(MidiOutMap.GM_TRIANGLE_VELOCITY, MidiOutMap.GM.velocity(Voice.TR, vol));
        }
        assertEquals(127, MidiOutMap.GM.velocity(Voice.P1, 127), "MIDI velocities count as scaled volumes");
    }

    @Test
    void nesIsNesMdbSemantics() {
        assertEquals(Midi.pack(0x93, 16, 7), MidiOutMap.NES.noteOn(Voice.NO, 16, 7, 100));
        assertEquals(Midi.pack(0x92, 40, 1), MidiOutMap.NES.noteOn(Voice.TR, 40, 1, 100));
        int msg = Midi.pack(0x93, 5, 7);
        assertEquals(msg, MidiOutMap.NES.mapLive(msg));
    }

    @Test
    void liveMappingMapsNoteOnsAndOffsAlike() {
        assertEquals(Midi.pack(0x99, 38, MidiOutMap.gmVelocity(7)), MidiOutMap.GM.mapLive(Midi.pack(0x93, 7, 7)));
        assertEquals(Midi.pack(0x89, 38, 0), MidiOutMap.GM.mapLive(Midi.pack(0x83, 7, 0)));
        assertEquals(Midi.pack(0x99, 38, 0), MidiOutMap.GM.mapLive(Midi.pack(0x93, 7, 0)));
        assertEquals(Midi.pack(0x92, 45, 100), MidiOutMap.GM.mapLive(Midi.pack(0x92, 45, 1)));
        assertEquals(Midi.pack(0x90, 72, 104), MidiOutMap.GM.mapLive(Midi.pack(0x90, 72, 10)));
        int cc = Midi.pack(0xB0, 11, 64);
        assertEquals(cc, MidiOutMap.GM.mapLive(cc), "other messages pass");
        assertEquals(Midi.pack(0xB9, 123, 0), MidiOutMap.GM.mapLive(Midi.pack(0xB3, 123, 0)), "noise CCs to ch 10");
        int clock = 0xF8;
        assertEquals(clock, MidiOutMap.GM.mapLive(clock));
        int ch5 = Midi.pack(0x94, 60, 100);
        assertEquals(ch5, MidiOutMap.GM.mapLive(ch5));
    }

    @Test
    void parse() {
        assertEquals(MidiOutMap.GM, MidiOutMap.parse("gm"));
        assertEquals(MidiOutMap.NES, MidiOutMap.parse("NES"));
        assertNull(MidiOutMap.parse("bogus"));
        assertNull(MidiOutMap.parse(null));
    }

    private static NesSong song() {
        return new NesSong("s", List.of(new NesNote(Voice.P1, 60, 0, 1000), new NesNote(Voice.P2, 64, 500, 2000),
                new NesNote(Voice.TR, 40, 0, 3000), new NesNote(Voice.NO, 2, 0, 400),
                new NesNote(Voice.NO, 7, 1000, 1400), new NesNote(Voice.NO, 13, 2000, 2300),
                new NesNote(Voice.NO, 16, 3000, 3300)), 4000);
    }

    @Test
    void nesFileRoundTripsAndIsTheDefault() throws Exception {
        NesSong s = song();
        MidiFile f = MidiFile.parse(MidiFileWriter.toBytes(NesMidi.DIVISION, NesMidi.toTracks(s, MidiOutMap.NES,
                null)), "n.mid");
        assertEquals(s.notes(), NesMidi.fromMidi(f).notes());
        assertEquals(java.util.Arrays.toString(NesMidi.toBytes(s)),
                java.util.Arrays.toString(NesMidi.toBytes(s, MidiOutMap.NES, null)));
    }

    @Test
    void gmFileHasDrumsOnChannelTenAndReadsBack() throws Exception {
        NesSong s = song();
        MidiFile f = MidiFile.parse(NesMidi.toBytes(s, MidiOutMap.GM, null), "g.mid");
        List<Integer> drums = new java.util.ArrayList<>();
        for (MidiTrack t : f.tracks()) {
            for (MidiEvent e : t.events()) {
                if (e.isNoteOn()) {
                    if (t.name().equals("no")) {
                        assertEquals(9, e.channel());
                        drums.add(e.data1());
                    } else if (t.name().equals("tr")) {
                        assertEquals(2, e.channel());
                        assertEquals(100, e.data2());
                    }
                }
            }
        }
        assertEquals(List.of(36, 38, 42, 46), drums);
        NesSong back = NesMidi.fromMidi(f);
        assertEquals(s.notes(Voice.P1), back.notes(Voice.P1));
        assertEquals(s.notes(Voice.TR), back.notes(Voice.TR));
        assertEquals(List.of(2, 7, 13, 16), back.notes(Voice.NO).stream().map(NesNote::pitch).toList());
    }

    /** The live output maps on the audio thread: no allocation once warm (ThreadAllocation's clean-window rule). */
    @Test
    void mapLiveAllocatesNothing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.nesjam.threads.ThreadAllocation.supported(),
                "this JVM cannot measure a thread's allocated bytes");
        int[] sink = new int[1];
        long[] windows = org.nesjam.threads.ThreadAllocation.windowBytes(10, w -> {
            for (int i = 0; i < 200_000; i++) {
                int msg = Midi.pack((i % 3 == 0 ? 0x80 : i % 3 == 1 ? 0x90 : 0xB0) | (i & 7), 1 + i % 100, i % 16);
                sink[0] += MidiOutMap.GM.mapLive(msg) + MidiOutMap.NES.mapLive(msg);
            }
        });
        assertEquals(0, windows[windows.length - 1], "bytes allocated by 400,000 mapLive calls, per window: "
                + java.util.Arrays.toString(windows));
        assertTrue(sink[0] != 1); // keeps the calls live
    }
}
