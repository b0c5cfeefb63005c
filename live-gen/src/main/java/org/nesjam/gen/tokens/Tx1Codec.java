package org.nesjam.gen.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NES notes <-> LakhNES TX1 token ids ({@link Tx1Vocab}). Stateless, thread-safe.
 *
 * <p>Encoding follows LakhNES's {@code midi_to_tx1}:
 * <ul>
 *   <li>per voice, a note-on at each note's start; a note-off only where the voice falls silent
 *       (a note followed directly by the next note, end == next start, has none);</li>
 *   <li>events at the same sample in voice order P1, P2, TR, NO;</li>
 *   <li>a wait before each group of simultaneous events, and a final wait up to the song end
 *       ({@link NesSong#endSample()}) when the end is after the last event;</li>
 *   <li>waits are quantised per gap, as LakhNES's {@code get_idx}: every gap between event groups (and the
 *       final gap) maps on its own to the nearest wait in the vocabulary ({@link Tx1Vocab#waitId}), so equal
 *       gaps always give equal tokens; a gap longer than {@link Tx1Vocab#MAX_WAIT_SAMPLES} is one
 *       {@code WT_100000} (LakhNES writes {@code WT_<gap>} and maps it to the nearest, the largest). Each wait is
 *       off by at most half its rounding step (5 samples up to 1,000, 500 samples up to 100,000), and the errors
 *       of successive waits add up along a song; a decoded note keeps its order and voice.</li>
 * </ul>
 * Normalisation before encoding (NES-MDB voices are monophonic already): zero-length notes are dropped
 * (inaudible; LakhNES would write a note-on and note-off at the same sample), a note overlapping the next
 * note of its voice is cut at that note's start, and notes outside the voice's vocabulary range are dropped.
 *
 * <p>Decoding is the inverse (LakhNES's {@code tx1_to_midi}): a note-on ends the voice's sounding note and
 * starts a new one, a note-off ends it, waits advance time, {@code <S>} is ignored; notes still sounding at
 * the end are closed there. The decoded song ends at the total of the waits.
 */
public final class Tx1Codec {
    /**
     * How this codec writes waits, recorded as {@code wait_scheme} in token files and model metadata: a model or
     * token file made with another scheme (the earlier {@code cumulative} rounding) is refused.
     */
    public static final String WAIT_SCHEME = "per-gap";

    /** The scheme of token files and models that carry no {@code wait_scheme} (made before it was recorded). */
    public static final String LEGACY_WAIT_SCHEME = "cumulative";

    private Tx1Codec() {
    }

    /** The events of {@code song} as token ids, without {@code <S>}. */
    public static int[] encode(NesSong song) {
        List<NesNote> notes = normalise(song.notes());
        long[] events = new long[notes.size() * 2];
        int n = 0;
        NesNote[] last = new NesNote[4];
        for (NesNote note : notes) { // sorted by start, then voice
            int v = note.voice().ordinal();
            NesNote prev = last[v];
            if (prev != null && prev.endSample() != note.startSample()) {
                events[n++] = pack(prev.endSample(), v, Tx1Vocab.noteOff(note.voice()));
            }
            events[n++] = pack(note.startSample(), v, Tx1Vocab.noteOn(note.voice(), note.pitch()));
            last[v] = note;
        }
        for (int v = 0; v < 4; v++) {
            if (last[v] != null) {
                events[n++] = pack(last[v].endSample(), v, Tx1Vocab.noteOff(Voice.of(v)));
            }
        }
        Arrays.sort(events, 0, n);
        IntBuffer out = new IntBuffer(n * 2 + 4);
        long groupSample = 0; // exact time of the last event group
        for (int i = 0; i < n; i++) {
            long t = events[i] >>> 12;
            if (t > groupSample) {
                out.add(gapToken(t - groupSample));
                groupSample = t;
            }
            out.add((int) (events[i] & 0x3FF));
        }
        if (song.endSample() > groupSample) {
            out.add(gapToken(song.endSample() - groupSample));
        }
        return out.toArray();
    }

    /** The one wait token of a gap of {@code gapSamples} (>= 1) between event groups, as LakhNES maps it. */
    public static int gapToken(long gapSamples) {
        return Tx1Vocab.waitId(Math.min(gapSamples, Tx1Vocab.MAX_WAIT_SAMPLES));
    }

    private static long pack(long sample, int voice, int token) {
        return (sample << 12) | ((long) voice << 10) | token;
    }

    /**
     * Per voice: drops zero-length notes and notes outside the vocabulary range, and cuts a note that overlaps
     * the next one of its voice at that note's start (dropping it if that leaves nothing). Sorted as
     * {@link NesSong#ORDER}.
     */
    public static List<NesNote> normalise(List<NesNote> notes) {
        List<NesNote> sorted = new ArrayList<>(notes);
        sorted.sort(NesSong.ORDER);
        List<NesNote> out = new ArrayList<>(sorted.size());
        NesNote[] pending = new NesNote[4];
        for (NesNote note : sorted) {
            if (note.lengthSamples() <= 0 || !note.voice().inRange(note.pitch())) {
                continue;
            }
            int v = note.voice().ordinal();
            NesNote prev = pending[v];
            if (prev != null) {
                if (prev.endSample() > note.startSample()) {
                    prev = new NesNote(prev.voice(), prev.pitch(), prev.startSample(), note.startSample());
                }
                if (prev.lengthSamples() > 0) {
                    out.add(prev);
                }
            }
            pending[v] = note;
        }
        for (NesNote p : pending) {
            if (p != null) {
                out.add(p);
            }
        }
        out.sort(NesSong.ORDER);
        return out;
    }

    /** Decodes {@code tokens[from, to)} into a song named {@code name}. */
    public static NesSong decode(int[] tokens, int from, int to, String name) {
        List<NesNote> notes = new ArrayList<>();
        long t = 0;
        int[] pitch = new int[4];
        long[] start = new long[4];
        Arrays.fill(pitch, -1);
        for (int i = from; i < to; i++) {
            int id = tokens[i];
            if (id == Tx1Vocab.SEP) {
                continue;
            }
            if (Tx1Vocab.isWait(id)) {
                t += Tx1Vocab.waitSamples(id);
                continue;
            }
            Voice voice = Tx1Vocab.voiceOf(id);
            if (voice == null) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary");
            }
            int v = voice.ordinal();
            if (pitch[v] >= 0 && t > start[v]) {
                notes.add(new NesNote(voice, pitch[v], start[v], t));
            }
            if (Tx1Vocab.isNoteOn(id)) {
                pitch[v] = Tx1Vocab.pitchOf(id);
                start[v] = t;
            } else {
                pitch[v] = -1;
            }
        }
        for (int v = 0; v < 4; v++) {
            if (pitch[v] >= 0 && t > start[v]) {
                notes.add(new NesNote(Voice.of(v), pitch[v], start[v], t));
            }
        }
        return new NesSong(name, notes, t);
    }

    public static NesSong decode(int[] tokens, String name) {
        return decode(tokens, 0, tokens.length, name);
    }

    /** Minimum length of an evaluated sequence, both {@code <S>} included (LakhNES's {@code skip_short}). */
    public static final int EVAL_MIN_TOKENS = 10;

    /**
     * LakhNES's evaluation sequence of one song: its events with leading and trailing waits trimmed, as
     * {@code <S> events <S>}; null when that is shorter than {@link #EVAL_MIN_TOKENS} tokens (the song is
     * skipped). The model predicts every token after the first.
     */
    public static int[] evalSequence(NesSong song) {
        int[] events = encode(song);
        int from = 0;
        int to = events.length;
        while (from < to && Tx1Vocab.isWait(events[from])) {
            from++;
        }
        while (to > from && Tx1Vocab.isWait(events[to - 1])) {
            to--;
        }
        int len = to - from + 2;
        if (len < EVAL_MIN_TOKENS) {
            return null;
        }
        int[] seq = new int[len];
        seq[0] = Tx1Vocab.SEP;
        System.arraycopy(events, from, seq, 1, to - from);
        seq[len - 1] = Tx1Vocab.SEP;
        return seq;
    }

    /** Token names joined by {@code sep}, for debugging and tests. */
    public static String names(int[] tokens, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(Tx1Vocab.name(tokens[i]));
        }
        return sb.toString();
    }

    /** Parses whitespace-separated token names (waits not in the vocabulary map to the nearest). */
    public static int[] parse(String names) {
        String s = names.trim();
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split("\\s+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = Tx1Vocab.id(parts[i]);
        }
        return ids;
    }

    /** A growable int array (no boxing). */
    static final class IntBuffer {
        private int[] data;
        private int size;

        IntBuffer(int capacity) {
            data = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
