package org.nesjam.gen.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LakhNES's TX1 event vocabulary, exactly: 631 tokens. Immutable, thread-safe (all static).
 *
 * <p>Token-id order is LakhNES's: its model vocabulary adds {@code <S>} first and then reads
 * {@code data/tx1_vocab.txt} (written by {@code tx1_vocab_gen.py}) line by line, so
 * <pre>
 *   id 0          &lt;S&gt;                       song separator
 *   ids 1..370    WT_1 .. WT_100000         waits in 44.1 kHz samples, ascending:
 *                                           1..100 step 1, 110..1000 step 10,
 *                                           1100..10000 step 100, 11000..100000 step 1000
 *   ids 371..447  P1_NOTEOFF, P1_NOTEON_33 .. P1_NOTEON_108
 *   ids 448..524  P2_NOTEOFF, P2_NOTEON_33 .. P2_NOTEON_108
 *   ids 525..613  TR_NOTEOFF, TR_NOTEON_21 .. TR_NOTEON_108
 *   ids 614..630  NO_NOTEOFF, NO_NOTEON_1 .. NO_NOTEON_16
 * </pre>
 * {@link #checksum()} is the SHA-256 (lower-case hex) of the 631 names in id order joined by
 * {@code '\n'} (no trailing newline); model files record it so a mismatched vocabulary is caught at load.
 * The same list ships as the resource {@code org/nesjam/gen/tokens/tx1_vocab.txt} (one name per line)
 * for the Python trainer.
 */
public final class Tx1Vocab {
    /** Number of tokens. */
    public static final int SIZE = 631;
    /** The song separator {@code <S>}. */
    public static final int SEP = 0;
    public static final String SEP_NAME = "<S>";
    /** Number of wait tokens and the id of the first one. */
    public static final int WAIT_COUNT = 370;
    public static final int FIRST_WAIT = 1;
    /** Longest single wait, in samples; longer waits are written as several wait tokens. */
    public static final int MAX_WAIT_SAMPLES = 100_000;
    /** Samples per second of TX1 wait units. */
    public static final int SAMPLE_RATE = 44_100;

    private static final int[] WAIT_SAMPLES = new int[WAIT_COUNT];
    /** Per voice (ordinal): id of its NOTEOFF token; its NOTEON_p is {@code offId + 1 + p - minPitch}. */
    private static final int[] OFF_ID = new int[4];
    private static final String[] NAMES = new String[SIZE];
    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final String CHECKSUM;

    static {
        int n = 0;
        for (int w = 1; w <= 100; w++) {
            WAIT_SAMPLES[n++] = w;
        }
        for (int w = 110; w <= 1000; w += 10) {
            WAIT_SAMPLES[n++] = w;
        }
        for (int w = 1100; w <= 10_000; w += 100) {
            WAIT_SAMPLES[n++] = w;
        }
        for (int w = 11_000; w <= 100_000; w += 1000) {
            WAIT_SAMPLES[n++] = w;
        }
        if (n != WAIT_COUNT) {
            throw new AssertionError("wait count " + n);
        }
        int id = 0;
        NAMES[id++] = SEP_NAME;
        for (int w : WAIT_SAMPLES) {
            NAMES[id++] = "WT_" + w;
        }
        for (Voice v : Voice.values()) {
            OFF_ID[v.ordinal()] = id;
            NAMES[id++] = v.tag + "_NOTEOFF";
            for (int p = v.minPitch; p <= v.maxPitch; p++) {
                NAMES[id++] = v.tag + "_NOTEON_" + p;
            }
        }
        if (id != SIZE) {
            throw new AssertionError("vocabulary size " + id);
        }
        for (int i = 0; i < SIZE; i++) {
            BY_NAME.put(NAMES[i], i);
        }
        CHECKSUM = sha256(String.join("\n", NAMES).getBytes(StandardCharsets.UTF_8));
    }

    private Tx1Vocab() {
    }

    /** Token names in id order (an unmodifiable copy). */
    public static List<String> names() {
        return List.of(NAMES);
    }

    public static String name(int id) {
        if (id < 0 || id >= SIZE) {
            throw new IllegalArgumentException("token id " + id + " outside 0.." + (SIZE - 1));
        }
        return NAMES[id];
    }

    /**
     * The id of {@code name}. A wait {@code WT_n} that is not in the vocabulary maps to the nearest wait
     * (as LakhNES's {@code get_idx}); any other unknown name is an {@link IllegalArgumentException}.
     */
    public static int id(String name) {
        Integer id = BY_NAME.get(name);
        if (id != null) {
            return id;
        }
        if (name.startsWith("WT_")) {
            try {
                long samples = Long.parseLong(name.substring(3));
                if (samples >= 1) {
                    return waitId(samples);
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("not a TX1 token: '" + name + "'");
    }

    /** SHA-256 hex of the names joined by {@code '\n'}. */
    public static String checksum() {
        return CHECKSUM;
    }

    // ---- waits ----

    public static boolean isWait(int id) {
        return id >= FIRST_WAIT && id < FIRST_WAIT + WAIT_COUNT;
    }

    /** Samples (44.1 kHz) of wait token {@code id}. */
    public static int waitSamples(int id) {
        if (!isWait(id)) {
            throw new IllegalArgumentException(name(id) + " is not a wait");
        }
        return WAIT_SAMPLES[id - FIRST_WAIT];
    }

    /**
     * The wait token nearest to {@code samples} (>= 1); a tie goes to the longer wait (LakhNES's
     * Python-2 {@code round}); anything above {@link #MAX_WAIT_SAMPLES} gives {@code WT_100000}.
     */
    public static int waitId(long samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("wait must be >= 1 sample, got " + samples);
        }
        if (samples >= MAX_WAIT_SAMPLES) {
            return FIRST_WAIT + WAIT_COUNT - 1;
        }
        int s = (int) samples;
        int i = Arrays.binarySearch(WAIT_SAMPLES, s);
        if (i >= 0) {
            return FIRST_WAIT + i;
        }
        int hi = -i - 1; // first wait > s (exists: s < 100000)
        int lo = hi - 1;  // last wait < s (exists: s > 1 here)
        return FIRST_WAIT + (s - WAIT_SAMPLES[lo] < WAIT_SAMPLES[hi] - s ? lo : hi);
    }

    /** Samples of the wait nearest to {@code samples} ({@code samples} >= 1, at most 100,000 out). */
    public static int quantizeWait(long samples) {
        return WAIT_SAMPLES[waitId(samples) - FIRST_WAIT];
    }

    // ---- notes ----

    public static int noteOff(Voice v) {
        return OFF_ID[v.ordinal()];
    }

    /** The note-on token of {@code pitch} on {@code v}; {@link IllegalArgumentException} outside the voice's range. */
    public static int noteOn(Voice v, int pitch) {
        if (!v.inRange(pitch)) {
            throw new IllegalArgumentException(v.tag + " pitch " + pitch + " outside " + v.minPitch + ".." + v.maxPitch);
        }
        return OFF_ID[v.ordinal()] + 1 + pitch - v.minPitch;
    }

    /** The voice of a note-on/off token, or null for {@code <S>} and waits. */
    public static Voice voiceOf(int id) {
        if (id < OFF_ID[0] || id >= SIZE) {
            return null;
        }
        for (int v = 3; v >= 0; v--) {
            if (id >= OFF_ID[v]) {
                return Voice.of(v);
            }
        }
        return null;
    }

    public static boolean isNoteOff(int id) {
        Voice v = voiceOf(id);
        return v != null && id == OFF_ID[v.ordinal()];
    }

    public static boolean isNoteOn(int id) {
        Voice v = voiceOf(id);
        return v != null && id != OFF_ID[v.ordinal()];
    }

    /** Pitch (or noise period) of a note-on token. */
    public static int pitchOf(int id) {
        Voice v = voiceOf(id);
        if (v == null || id == OFF_ID[v.ordinal()]) {
            throw new IllegalArgumentException(name(id) + " is not a note-on");
        }
        return v.minPitch + id - OFF_ID[v.ordinal()] - 1;
    }

    /** Lower-case hex SHA-256 of {@code data}: the one digest of the vocabulary checksum and the model files. */
    public static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
