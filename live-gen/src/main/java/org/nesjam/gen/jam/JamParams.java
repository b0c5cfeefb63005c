package org.nesjam.gen.jam;

import java.util.List;
import org.nesjam.plugin.ParamInfo;

/**
 * Parameters of the generator plugin. Ids are stable (presets and CC maps refer to the keys). All of them are live
 * controls: MIDI CCs can be bound to any key through the host's CC map (and CC learn).
 */
public final class JamParams {
    public static final int TEMPERATURE = 0;
    public static final int TOP_K = 1;
    public static final int TOP_P = 2;
    /** Lookahead in seconds of engine time kept generated ahead of the playhead. */
    public static final int LOOKAHEAD = 3;
    /** {@link JamMode#paramValue()}: 0 call-response, 1 endless, 2 accompany. */
    public static final int MODE = 4;
    /** 1 = the player owns the voice (accompany, call-response). */
    public static final int OWN_P1 = 5;
    public static final int OWN_P2 = 6;
    public static final int OWN_TR = 7;
    public static final int OWN_NO = 8;
    public static final int MUTE_P1 = 9;
    public static final int MUTE_P2 = 10;
    public static final int MUTE_TR = 11;
    public static final int MUTE_NO = 12;
    /** Scale root pitch class 0-11 (0 = C). */
    public static final int SCALE_ROOT = 13;
    /** Index in {@link #SCALE_NAMES}; 0 = no scale lock. */
    public static final int SCALE = 14;
    /** New idea: a change from below 0.5 to 0.5 or more discards the speculative future and samples again. */
    public static final int NEW_IDEA = 15;
    /** Call-response: the player's rest, in beats, after which the model takes all voices. */
    public static final int REST_BEATS = 16;
    /** The tempo at which the model's timing is played unchanged when following MIDI clock. */
    public static final int REFERENCE_BPM = 17;
    /** Longest note the model may hold, milliseconds; longer ones get a forced note-off. */
    public static final int MAX_NOTE_MS = 18;
    /** 1 = follow the host's MIDI clock tempo with a playback-rate factor. */
    public static final int FOLLOW_CLOCK = 19;
    /**
     * 0 = vary (the model alone) .. 1 = repeat: how strongly the in-song cache ({@link
     * org.nesjam.gen.model.SongCache#structure}) pulls the model back to the song's own ideas.
     */
    public static final int STRUCTURE = 20;
    /** MIDI channel 1-16 whose notes are the player's chords (harmony following); 0 = none. */
    public static final int CHORD_CHANNEL = 21;
    /** Keyboard split: notes below this MIDI note, on any channel, are chord notes too; 0 = no split. */
    public static final int CHORD_SPLIT = 22;
    /** Harmony following strength: 0 = off .. 1 = strict (only chord tones on beats, only the scale elsewhere). */
    public static final int HARMONY = 23;
    /**
     * Beat lock: how far each model note-on is pulled onto the host's grid (the next 16th or 8th triplet at or after
     * it): 1 = strict, 0.5 = feel (half-way), 0 = free.
     */
    public static final int GRID = 24;
    /**
     * Milliseconds the model's notes go out ahead of the host's grid, to make up for the MIDI path's latency (clock in,
     * notes out): the grid is taken this much earlier than the clock ticks arrive.
     */
    public static final int CLOCK_LEAD_MS = 25;
    public static final int COUNT = 26;

    /** Scale names (index = {@link #SCALE} value) and their pitch-class sets relative to the root. */
    public static final List<String> SCALE_NAMES = List.of("off", "major", "minor", "dorian", "mixolydian",
            "pentatonic", "minor-pentatonic", "blues", "harmonic-minor", "chromatic");
    static final int[][] SCALES = {
            null,
            {0, 2, 4, 5, 7, 9, 11},
            {0, 2, 3, 5, 7, 8, 10},
            {0, 2, 3, 5, 7, 9, 10},
            {0, 2, 4, 5, 7, 9, 10},
            {0, 2, 4, 7, 9},
            {0, 3, 5, 7, 10},
            {0, 3, 5, 6, 7, 10},
            {0, 2, 3, 5, 7, 8, 11},
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
    };

    /** Keys follow the shipped generator presets (presets/generator/*.json). */
    static final ParamInfo[] INFOS = {
            new ParamInfo(TEMPERATURE, "temperature", "Temperature", 0.05, 3.0, 1.0, false, false),
            new ParamInfo(TOP_K, "topk", "Top-k (0 = off)", 0, 631, 0, true, false),
            // default 0.98 as in `nesjam generate`: cutting the last 2 % of the distribution keeps the model out of
            // degenerate loops (a voice retriggered every few ms) that also make every reaction several times slower
            new ParamInfo(TOP_P, "topp", "Top-p (1 = off)", 0.05, 1.0, 0.98, false, false),
            new ParamInfo(LOOKAHEAD, "lookahead", "Lookahead (s)", 0.1, 10.0, 1.5, false, false),
            new ParamInfo(MODE, "mode", "Mode (0 call-response, 1 endless, 2 accompany)", 0, 2, 1,
                    true, false),
            new ParamInfo(OWN_P1, "own.p1", "Player owns pulse 1", 0, 1, 1, true, false),
            new ParamInfo(OWN_P2, "own.p2", "Player owns pulse 2", 0, 1, 0, true, false),
            new ParamInfo(OWN_TR, "own.tr", "Player owns triangle", 0, 1, 0, true, false),
            new ParamInfo(OWN_NO, "own.no", "Player owns noise", 0, 1, 0, true, false),
            new ParamInfo(MUTE_P1, "mute.p1", "Mute model pulse 1", 0, 1, 0, true, false),
            new ParamInfo(MUTE_P2, "mute.p2", "Mute model pulse 2", 0, 1, 0, true, false),
            new ParamInfo(MUTE_TR, "mute.tr", "Mute model triangle", 0, 1, 0, true, false),
            new ParamInfo(MUTE_NO, "mute.no", "Mute model noise", 0, 1, 0, true, false),
            new ParamInfo(SCALE_ROOT, "scale.root", "Scale root (0 = C)", 0, 11, 0, true, false),
            new ParamInfo(SCALE, "scale", "Scale lock (0 off, 1 major, 2 minor, 3 dorian, 4 mixolydian, "
                    + "5 pentatonic, 6 minor pentatonic, 7 blues, 8 harmonic minor, 9 chromatic)", 0,
                    SCALES.length - 1, 0, true, false),
            new ParamInfo(NEW_IDEA, "new-idea", "New idea (trigger)", 0, 1, 0, false, false),
            new ParamInfo(REST_BEATS, "rest", "Call-response rest (beats)", 0.25, 64, 4, false, false),
            new ParamInfo(REFERENCE_BPM, "reference-bpm", "Tempo at which the model plays at rate 1", 20, 400, 120,
                    false, false),
            new ParamInfo(MAX_NOTE_MS, "max-note", "Longest model note (ms)", 50, 60_000, 4000, true, false),
            new ParamInfo(FOLLOW_CLOCK, "follow-clock", "Follow MIDI clock tempo", 0, 1, 1, true, false),
            new ParamInfo(STRUCTURE, "structure", "Structure (0 vary .. 1 repeat)", 0, 1,
                    org.nesjam.gen.model.SongCache.DEFAULT_STRUCTURE, false, false),
            new ParamInfo(CHORD_CHANNEL, "chord.channel", "Chord channel (0 = none)", 0, 16, 5, true, false),
            new ParamInfo(CHORD_SPLIT, "chord.split", "Chord split: notes below it are chords (0 = none)", 0, 127, 0,
                    true, false),
            new ParamInfo(HARMONY, "harmony", "Harmony following (0 off .. 1 strict)", 0, 1, 0.7, false, false),
            new ParamInfo(GRID, "grid", "Beat lock: pull onto the host grid (0 free, 0.5 feel, 1 strict)", 0, 1, 1,
                    false, false),
            new ParamInfo(CLOCK_LEAD_MS, "clock-lead", "Extra lead over the clock (ms)", -50, 50, 0,
                    false, false),
    };

    static {
        for (int i = 0; i < INFOS.length; i++) {
            if (INFOS[i].id() != i) { // INFOS is indexed by id
                throw new IllegalStateException("JamParams.INFOS[" + i + "] has id " + INFOS[i].id());
            }
        }
    }

    /** True when {@code packedMidi} (a note-on/off) comes from the chord source set by {@code params}. */
    static boolean isChordNote(int packedMidi, double[] params) {
        int channel = (packedMidi & 0x0F) + 1;
        int note = (packedMidi >>> 8) & 0x7F;
        return channel == (int) params[CHORD_CHANNEL] || note < (int) params[CHORD_SPLIT];
    }

    /** The longest model note by default, seconds: the one note-length rule of jam, generate and prompts. */
    public static double defaultMaxNoteSeconds() {
        return INFOS[MAX_NOTE_MS].defaultValue() * 0.001;
    }

    /** Slowest and fastest playback rate the tempo follower uses (host bpm / reference bpm is clamped to it). */
    public static final double MIN_RATE = 0.5;
    public static final double MAX_RATE = 2.0;

    private JamParams() {
    }

    /** The parameter whose key is {@code key}, or null. */
    public static ParamInfo byKey(String key) {
        for (ParamInfo p : INFOS) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** Index in {@link #SCALE_NAMES} of {@code name}, or -1. */
    public static int scaleIndex(String name) {
        return SCALE_NAMES.indexOf(name.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** Pitch class 0-11 of a note name such as {@code C}, {@code F#}, {@code Bb}; -1 when not a note name. */
    public static int pitchClass(String name) {
        String n = name.trim();
        if (n.isEmpty()) {
            return -1;
        }
        int pc = switch (Character.toUpperCase(n.charAt(0))) {
            case 'C' -> 0;
            case 'D' -> 2;
            case 'E' -> 4;
            case 'F' -> 5;
            case 'G' -> 7;
            case 'A' -> 9;
            case 'B' -> 11;
            default -> -1;
        };
        if (pc < 0) {
            return -1;
        }
        for (int i = 1; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '#') {
                pc++;
            } else if (c == 'b') {
                pc--;
            } else {
                return -1;
            }
        }
        return Math.floorMod(pc, 12);
    }
}
