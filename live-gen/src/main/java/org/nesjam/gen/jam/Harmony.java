package org.nesjam.gen.jam;

import java.util.Arrays;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;

/**
 * Harmony following: the chord the player holds on the chord source, the scale it implies, and the note-on logit
 * biases that steer the model's pitched voices (P1, P2, TR) towards them. [generator-thread]: confined to the
 * {@link JamWorker}'s thread (or a test's); allocation-free after construction.
 *
 * <h2>Chord</h2>
 * The chord is latched: each note-on of the chord source makes the notes held at that moment the chord; note-offs
 * only update what is held, so a released chord stays the chord until the next note-on (a player lifting the hand
 * between chords does not leave the model without harmony). Any number of notes is a chord (one note: its pitch
 * class; ten notes: ten pitch classes).
 *
 * <h2>Scale</h2>
 * The chord's scale is the major or harmonic-minor scale (24 candidates) that contains every chord tone and best
 * fits the recent chords (a pitch-class histogram that decays by {@link #HISTORY_DECAY} per chord): most history
 * weight inside the scale first, then most weight on the scale's tonic, then the scale named after the chord (a
 * major chord's own major scale, a minor chord's relative major). So I-vi-IV-V in C stays in C major, and E major
 * among A minor chords gets A harmonic minor. When no candidate holds every chord tone (clusters, ten-note chords)
 * the scale is the best-overlapping candidate plus the chord tones.
 *
 * <h2>Bias</h2>
 * For strength {@code s} (0 = off, 1 = strict): a note-on outside the scale gets {@code -s * OUT_OF_SCALE} logits;
 * on a strong position (a note whose nearest 16th is a beat) an in-scale note that is not a chord tone gets
 * {@code -s * OFF_CHORD}; at {@code s = 1} both are {@link #STRICT} (the sampler then practically never draws
 * them, as with a mask). The biases only move probability between a voice's note-ons ({@link #VOICE_OF_NOTE_ON}):
 * the model still decides when a voice plays, the harmony which pitch (a bias that took probability away from
 * notes altogether drove the model into retriggering one note every video frame). The two arrays are built when
 * the chord or strength changes, so a sampled token only picks one of them.
 */
final class Harmony {
    /** Logit penalty at strength 1 for a note outside the chord's scale (below 1: scaled by the strength). */
    static final float OUT_OF_SCALE = 6f;
    /** Logit penalty at strength 1 for a non-chord tone on a strong position (below 1: scaled). */
    static final float OFF_CHORD = 3f;
    /** The penalty at strength 1: exp(-30) = 1e-13, a mask in effect. */
    static final float STRICT = -30f;
    /** Note-ons this close together are one chord (a hand rarely spreads a chord wider). */
    static final double GESTURE_SECONDS = 0.08;
    /** Weight left to older chords each time a chord arrives. */
    static final double HISTORY_DECAY = 0.75;

    private static final int MAJOR = 0b1010_1011_0101; // 0 2 4 5 7 9 11 (bit = pitch class)
    private static final int HARMONIC_MINOR = 0b1001_1010_1101; // 0 2 3 5 7 8 11
    private static final Voice[] PITCHED = {Voice.P1, Voice.P2, Voice.TR};

    /**
     * The sampler's groups for the biases: a note-on of P1, P2 or TR is in its voice's group (0-2), every other token
     * in none. The bias picks the pitch; how likely a voice is to play a note now stays the model's.
     */
    static final int[] VOICE_OF_NOTE_ON = new int[Tx1Vocab.SIZE];

    static {
        java.util.Arrays.fill(VOICE_OF_NOTE_ON, -1);
        for (Voice v : PITCHED) {
            for (int p = v.minPitch; p <= v.maxPitch; p++) {
                VOICE_OF_NOTE_ON[Tx1Vocab.noteOn(v, p)] = v.ordinal();
            }
        }
    }

    private final boolean[] held = new boolean[128];
    private final double[] history = new double[12];
    /** The history before the current chord gesture. */
    private final double[] before = new double[12];
    private final double gestureSamples;
    private double lastOnSampleTime = Double.NEGATIVE_INFINITY;
    private boolean gestureCounted;
    private final float[] strongBias = new float[Tx1Vocab.SIZE];
    private final float[] weakBias = new float[Tx1Vocab.SIZE];
    private int chordPcs;
    private int scalePcs;
    private double strength;
    private long chords;

    /** @param engineRate engine sample rate in Hz (the unit of the note times) */
    Harmony(double engineRate) {
        gestureSamples = GESTURE_SECONDS * engineRate;
    }

    /** Strength 0 (off) .. 1 (strict); rebuilds the biases. */
    void strength(double s) {
        strength = Math.max(0, Math.min(1, s));
        rebuild();
    }

    double strength() {
        return strength;
    }

    /** True when a chord is set and the strength is above 0: the biases apply. */
    boolean active() {
        return chordPcs != 0 && strength > 0;
    }

    /** Chord tones as a 12-bit pitch-class set (bit 0 = C), 0 before the first chord. */
    int chordPitchClasses() {
        return chordPcs;
    }

    /** The chord's scale as a 12-bit pitch-class set, 0 before the first chord. */
    int scalePitchClasses() {
        return scalePcs;
    }

    /** Chords set so far (a chord's notes pressed together count once). */
    long chords() {
        return chords;
    }

    /**
     * A chord-source note-on ({@code note} 0-127) at engine time {@code sampleTime}; true when the chord changed.
     * Note-ons within {@link #GESTURE_SECONDS} of the previous one are one chord for the key history.
     */
    boolean noteOn(int note, double sampleTime) {
        held[note & 0x7F] = true;
        if (!(sampleTime - lastOnSampleTime <= gestureSamples)) {
            System.arraycopy(history, 0, before, 0, 12);
            gestureCounted = false;
        }
        lastOnSampleTime = sampleTime;
        int pcs = 0;
        for (int n = 0; n < 128; n++) {
            if (held[n]) {
                pcs |= 1 << (n % 12);
            }
        }
        if (pcs == chordPcs) {
            return false;
        }
        for (int pc = 0; pc < 12; pc++) {
            history[pc] = before[pc] * HISTORY_DECAY + ((pcs >> pc & 1) != 0 ? 1 : 0);
        }
        chordPcs = pcs;
        scalePcs = scaleFor(pcs, lowestPitchClass(), history);
        if (!gestureCounted) {
            gestureCounted = true;
            chords++;
        }
        rebuild();
        return true;
    }

    /** A chord-source note-off: the note is no longer held (the chord itself stays until the next note-on). */
    void noteOff(int note) {
        held[note & 0x7F] = false;
    }

    /** Forgets the chord and the key history (a new start). */
    void clear() {
        Arrays.fill(held, false);
        Arrays.fill(history, 0);
        Arrays.fill(before, 0);
        lastOnSampleTime = Double.NEGATIVE_INFINITY;
        chordPcs = 0;
        scalePcs = 0;
        rebuild();
    }

    /** The note-on biases for a token on a strong position (a beat) or elsewhere; only valid while {@link #active}. */
    float[] bias(boolean strong) {
        return strong ? strongBias : weakBias;
    }

    private int lowestPitchClass() {
        for (int n = 0; n < 128; n++) {
            if (held[n]) {
                return n % 12;
            }
        }
        return 0;
    }

    private void rebuild() {
        Arrays.fill(strongBias, 0f);
        Arrays.fill(weakBias, 0f);
        if (chordPcs == 0 || strength <= 0) {
            return;
        }
        boolean strict = strength >= 1;
        float out = strict ? STRICT : (float) (-strength * OUT_OF_SCALE);
        float offChord = strict ? STRICT : (float) (-strength * OFF_CHORD);
        for (Voice v : PITCHED) {
            for (int p = v.minPitch; p <= v.maxPitch; p++) {
                int pcBit = 1 << (p % 12);
                int id = Tx1Vocab.noteOn(v, p);
                if ((scalePcs & pcBit) == 0) {
                    strongBias[id] = out;
                    weakBias[id] = out;
                } else if ((chordPcs & pcBit) == 0) {
                    strongBias[id] = offChord;
                }
            }
        }
    }

    /**
     * The scale of chord {@code pcs} (bass pitch class {@code bass}) given the key {@code history}: see the class
     * comment. Returns a 12-bit pitch-class set that contains every chord tone.
     */
    static int scaleFor(int pcs, int bass, double[] history) {
        int best = 0;
        double bestFit = Double.NEGATIVE_INFINITY;
        double bestTonic = Double.NEGATIVE_INFINITY;
        boolean bestNamed = false;
        int bestOverlap = -1;
        int overlapScale = 0;
        boolean minorChord = (pcs >> ((bass + 3) % 12) & 1) != 0 && (pcs >> ((bass + 4) % 12) & 1) == 0;
        int namedTonic = minorChord ? (bass + 3) % 12 : bass;
        for (int kind = 0; kind < 2; kind++) {
            for (int tonic = 0; tonic < 12; tonic++) {
                int scale = rotate(kind == 0 ? MAJOR : HARMONIC_MINOR, tonic);
                int overlap = Integer.bitCount(scale & pcs);
                if (overlap > bestOverlap) {
                    bestOverlap = overlap;
                    overlapScale = scale;
                }
                if ((scale & pcs) != pcs) {
                    continue;
                }
                double fit = 0;
                for (int pc = 0; pc < 12; pc++) {
                    if ((scale >> pc & 1) != 0) {
                        fit += history[pc];
                    }
                }
                // harmonic minor only where no major scale fits as well: a small handicap
                fit -= kind * 1e-6;
                double tonicWeight = history[tonic];
                boolean named = kind == 0 && tonic == namedTonic;
                if (fit > bestFit + 1e-9 || (Math.abs(fit - bestFit) <= 1e-9 && (tonicWeight > bestTonic + 1e-9
                        || (Math.abs(tonicWeight - bestTonic) <= 1e-9 && named && !bestNamed)))) {
                    best = scale;
                    bestFit = fit;
                    bestTonic = tonicWeight;
                    bestNamed = named;
                }
            }
        }
        return best != 0 ? best : overlapScale | pcs;
    }

    /** The pitch-class set {@code set} (rooted on C) transposed up to {@code tonic}. */
    private static int rotate(int set, int tonic) {
        return ((set << tonic) | (set >>> (12 - tonic))) & 0xFFF;
    }
}
