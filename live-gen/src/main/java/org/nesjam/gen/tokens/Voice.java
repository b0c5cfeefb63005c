package org.nesjam.gen.tokens;

/**
 * The four NES APU voices as NES-MDB and LakhNES TX1 name them, in TX1's canonical order
 * (events at the same sample are written P1, P2, TR, NO). Pitch ranges are the TX1 note-on ranges:
 * MIDI note numbers for P1/P2/TR, the noise period index 1..16 for NO.
 */
public enum Voice {
    P1("P1", "p1", 33, 108),
    P2("P2", "p2", 33, 108),
    TR("TR", "tr", 21, 108),
    NO("NO", "no", 1, 16);

    private static final Voice[] ALL = values();

    /** Token prefix, e.g. {@code P1} in {@code P1_NOTEON_60}. */
    public final String tag;
    /** NES-MDB MIDI track name. */
    public final String trackName;
    /** Lowest / highest note-on value in the vocabulary (inclusive). */
    public final int minPitch;
    public final int maxPitch;

    Voice(String tag, String trackName, int minPitch, int maxPitch) {
        this.tag = tag;
        this.trackName = trackName;
        this.minPitch = minPitch;
        this.maxPitch = maxPitch;
    }

    /** Number of note-on tokens of this voice. */
    public int pitchCount() {
        return maxPitch - minPitch + 1;
    }

    public boolean inRange(int pitch) {
        return pitch >= minPitch && pitch <= maxPitch;
    }

    /** True for the pitched voices (P1, P2, TR), which transposition moves. */
    public boolean pitched() {
        return this != NO;
    }

    public static Voice of(int ordinal) {
        return ALL[ordinal];
    }

    /** The voice whose NES-MDB track name is {@code name} (case-insensitive), or null. */
    public static Voice byTrackName(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim();
        for (Voice v : ALL) {
            if (v.trackName.equalsIgnoreCase(n)) {
                return v;
            }
        }
        return null;
    }
}
