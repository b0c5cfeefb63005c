package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.gen.model.NesModel;
import org.nesjam.host.PluginChain;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.ProcessBlock;

/**
 * Harmony following on the shipped model, offline: a I-vi-IV-V progression in C (one chord per bar at 120 bpm,
 * held on the chord channel 5) for 16 bars in accompany mode; the model's P1/P2/TR note-ons are scored against the
 * chord's scale (C major for all four chords) and, on beats (notes whose nearest 16th is a beat), against the
 * chord's tones.
 */
class HarmonyFollowingTest {
    static final int RATE = 48_000;
    static final int BLOCK = 256;
    static final int BEAT = RATE / 2; // 120 bpm
    static final int BAR = 4 * BEAT;
    static final int BARS = 16;
    /** C, Am, F, G voiced around C3, as a player's left hand holds them. */
    static final int[][] CHORDS = {{48, 52, 55}, {45, 48, 52}, {41, 45, 48}, {43, 47, 50}};
    static final int C_MAJOR = pcs(0, 2, 4, 5, 7, 9, 11);

    /** Figures of one run: note-ons, in-scale fraction, on-beat note-ons, their chord-tone fraction. */
    record Figures(int notes, double inScale, int onBeat, double chordTonesOnBeats, List<long[]> events) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d note-ons, %.1f %% in the chord's scale; %d on beats, %.1f %% chord"
                    + " tones", notes, inScale * 100, onBeat, chordTonesOnBeats * 100);
        }
    }

    @Test
    void strictHarmonyKeepsTheModelInTheChordsAndZeroLeavesItAlone() {
        Figures strict = run(1.0, true);
        Figures half = run(0.5, true);
        Figures off = run(0.0, true);
        Figures noChords = run(0.7, false);
        System.out.println("harmony 1.0: " + strict);
        System.out.println("harmony 0.5: " + half);
        System.out.println("harmony 0.0: " + off);
        assertTrue(strict.notes() > 100, "the model played " + strict.notes() + " pitched notes in 32 s");
        assertTrue(strict.inScale() >= 0.90, "strength 1: " + strict);
        assertTrue(strict.chordTonesOnBeats() >= 0.60, "strength 1: " + strict);
        assertTrue(half.chordTonesOnBeats() > off.chordTonesOnBeats() && half.inScale() > off.inScale(),
                "strength 0.5 " + half + " follows less than 1 and more than 0 " + off);
        // strength 0 is the model's own music: the same events as a jam without any chord
        assertEquals(noChords.events().size(), off.events().size(), "strength 0 changed the music");
        for (int i = 0; i < off.events().size(); i++) {
            assertEquals(noChords.events().get(i)[0], off.events().get(i)[0], "event " + i + " time");
            assertEquals(noChords.events().get(i)[1], off.events().get(i)[1], "event " + i);
        }
    }

    private static Figures run(double strength, boolean sendChords) {
        JamPlugin jam = new JamPlugin(NesModel::loadDefault, true).setSeed(11).setOffline(true);
        jam.setParamValue(JamParams.MODE, JamMode.ACCOMPANY.paramValue());
        jam.setParamValue(JamParams.OWN_P1, 0); // the player only holds chords: the model plays P1, P2, TR and NO
        jam.setParamValue(JamParams.HARMONY, strength);
        PluginChain chain = new PluginChain(List.<Plugin>of(jam, new ApuInstrument()), 2, BLOCK, 512, (PluginChain.PluginFault f) -> {
            throw new AssertionError("plugin fault", f.error());
        });
        chain.activate(RATE);
        ProcessBlock b = chain.block();
        List<long[]> model = new ArrayList<>();
        for (long t = 0; t < (long) BARS * BAR; t += BLOCK) {
            b.frameCount = BLOCK;
            b.sampleTime = t;
            b.inputEvents.clear();
            if (sendChords) {
                chordEvents(t, b.inputEvents);
            }
            chain.process();
            for (int e = 0; e < b.inputEvents.size(); e++) {
                int msg = b.inputEvents.midi(e);
                if (b.inputEvents.kind(e) == EventBuffer.MIDI && (msg & 0x0F) < 4) { // the instrument's input
                    model.add(new long[] {t + b.inputEvents.blockOffset(e), msg});
                }
            }
        }
        assertNull(jam.workerFailure(), "worker failed");
        chain.destroy();
        return score(model);
    }

    /** Chord {@code k % 4} pressed at bar k's downbeat on channel 5, released 10 ms before the next bar. */
    private static void chordEvents(long start, EventBuffer in) {
        for (int k = 0; k < BARS; k++) {
            long on = (long) k * BAR;
            long off = on + BAR - RATE / 100;
            for (int note : CHORDS[k % 4]) {
                if (on >= start && on < start + BLOCK) {
                    in.addMidi((int) (on - start), Midi.NOTE_ON | 4, note, 90);
                }
                if (off >= start && off < start + BLOCK) {
                    in.addMidi((int) (off - start), Midi.NOTE_OFF | 4, note, 0);
                }
            }
        }
    }

    private static Figures score(List<long[]> events) {
        int notes = 0;
        int inScale = 0;
        int onBeat = 0;
        int chordTones = 0;
        for (long[] e : events) {
            int msg = (int) e[1];
            int ch = msg & 0x0F;
            if ((msg & 0xF0) != Midi.NOTE_ON || ((msg >>> 16) & 0x7F) == 0 || ch > 2) {
                continue;
            }
            int pcBit = 1 << (((msg >>> 8) & 0x7F) % 12);
            notes++;
            inScale += (C_MAJOR & pcBit) != 0 ? 1 : 0;
            double beats = e[0] / (double) BEAT;
            if (Math.abs(beats - Math.rint(beats)) < 0.125) {
                onBeat++;
                int chord = 0;
                for (int note : CHORDS[(int) (e[0] / BAR) % 4]) {
                    chord |= 1 << (note % 12);
                }
                chordTones += (chord & pcBit) != 0 ? 1 : 0;
            }
        }
        return new Figures(notes, inScale / (double) Math.max(1, notes), onBeat,
                chordTones / (double) Math.max(1, onBeat), events);
    }

    private static int pcs(int... classes) {
        int bits = 0;
        for (int c : classes) {
            bits |= 1 << c;
        }
        return bits;
    }

    // ------------------------------------------------------------------ the chord and its scale

    @Test
    void theProgressionStaysInCMajor() {
        Harmony h = new Harmony(RATE);
        h.strength(1);
        for (int k = 0; k < 8; k++) {
            for (int note : CHORDS[k % 4]) {
                h.noteOn(note, k * (double) BAR);
            }
            assertEquals(C_MAJOR, h.scalePitchClasses(), "chord " + k);
            for (int note : CHORDS[k % 4]) {
                h.noteOff(note);
            }
        }
        assertEquals(8, h.chords());
    }

    @Test
    void aDominantAmongMinorChordsGetsHarmonicMinor() {
        Harmony h = new Harmony(RATE);
        int[][] chords = {{45, 48, 52}, {50, 53, 57}, {52, 56, 59}}; // Am, Dm, E
        for (int k = 0; k < chords.length; k++) {
            for (int note : chords[k]) {
                h.noteOn(note, k * (double) BAR);
            }
        }
        assertEquals(pcs(9, 11, 0, 2, 4, 5, 8), h.scalePitchClasses(), "A harmonic minor");
    }

    @Test
    void oneNoteAndTenNoteChordsAreChordsToo() {
        Harmony h = new Harmony(RATE);
        h.strength(0.5);
        assertTrue(h.noteOn(62, 0));
        assertEquals(pcs(2), h.chordPitchClasses());
        assertEquals(pcs(2), h.scalePitchClasses() & pcs(2), "the scale holds the chord tone");
        assertTrue(h.active());
        h.noteOff(62);
        for (int n = 60; n < 70; n++) {
            h.noteOn(n, BAR + n);
        }
        assertEquals(0x3FF, h.chordPitchClasses(), "ten notes, ten pitch classes");
        assertEquals(0x3FF, h.scalePitchClasses() & 0x3FF, "the scale holds every chord tone");
        // a released chord stays the chord until the next note-on
        for (int n = 60; n < 70; n++) {
            h.noteOff(n);
        }
        assertEquals(0x3FF, h.chordPitchClasses());
        assertTrue(h.active());
        h.strength(0);
        assertTrue(!h.active(), "strength 0 is off");
    }
}
