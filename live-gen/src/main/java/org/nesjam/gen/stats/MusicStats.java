package org.nesjam.gen.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;

/**
 * Music-structure figures of NES songs, as defined in the shared reference {@code music-metrics.md}: repeated
 * 8-note patterns, note lengths, activity, drones and dead air. {@link #analyse} measures one song over its
 * first seconds, {@link #summarise} combines pieces. Results are immutable records; nothing here prints or reads
 * files. Figures that have nothing to measure (no notes, no windows, empty span) are {@code NaN}. [caller's thread]
 *
 * <p>Analysed span of a song: {@code [0, min(seconds, song end))}, song end being {@link NesSong#seconds()} (the
 * later of NES-MDB's end marker and the last note end). Only notes starting inside the span are analysed; a note's
 * length is its full length even when it runs past the span, its sounding time is clipped to the span.
 */
public final class MusicStats {
    /** Consecutive-note steps in one pattern window (a window spans this many + 1 notes). */
    public static final int WINDOW_STEPS = 8;
    /** Pieces with fewer windows (all voices together) are left out of the repeated-pattern figure. */
    public static final int MIN_WINDOWS = 50;
    /** Onset gaps are compared after rounding to this step. */
    public static final double GAP_STEP_SECONDS = 0.020;
    /** A note strictly longer than this is a drone. */
    public static final double DRONE_SECONDS = 8;
    /** A voice silent at least this long (inside the span) is dead air. */
    public static final double DEAD_AIR_SECONDS = 20;
    /** The longest analysable span, one hour. */
    public static final double MAX_SECONDS = 3600;

    private static final double RATE = Tx1Vocab.SAMPLE_RATE;

    private MusicStats() {
    }

    /**
     * One voice of one piece, over the piece's span.
     *
     * @param notes notes starting inside the span
     * @param windows pattern windows: {@code max(0, notes - WINDOW_STEPS)}
     * @param repeatedWindows windows whose 8 steps occurred earlier in this voice
     * @param noteLengthsSamples full length of each analysed note, ascending
     * @param soundingSamples time inside the span covered by at least one note
     * @param longestSilenceSamples longest time inside the span covered by no note, leading (from 0) and trailing
     *        (to the span end) silence included; the whole span for a voice without notes
     */
    public record VoiceFigures(Voice voice, int notes, int windows, int repeatedWindows, List<Long> noteLengthsSamples,
            long soundingSamples, long longestSilenceSamples) {
        public VoiceFigures {
            noteLengthsSamples = List.copyOf(noteLengthsSamples);
        }

        /** The longest note, 0 without notes. */
        public long maxNoteSamples() {
            return noteLengthsSamples.isEmpty() ? 0 : noteLengthsSamples.get(noteLengthsSamples.size() - 1);
        }
    }

    /**
     * One analysed song.
     *
     * @param spanSamples length of the analysed span
     * @param voices one entry per {@link Voice}, in enum order
     */
    public record Piece(String name, long spanSamples, List<VoiceFigures> voices) {
        public Piece {
            voices = List.copyOf(voices);
        }

        public VoiceFigures voice(Voice v) {
            return voices.get(v.ordinal());
        }

        /** Pattern windows summed over the voices. */
        public int windows() {
            return voices.stream().mapToInt(VoiceFigures::windows).sum();
        }

        public int repeatedWindows() {
            return voices.stream().mapToInt(VoiceFigures::repeatedWindows).sum();
        }

        /** Repeated windows / windows, summed over the voices; NaN without windows. */
        public double repeatedShare() {
            return share(repeatedWindows(), windows());
        }

        /** True when the piece counts in the repeated-pattern figure (at least {@link #MIN_WINDOWS} windows). */
        public boolean inPatternFigure() {
            return windows() >= MIN_WINDOWS;
        }

        /** True when an analysed note is longer than {@link #DRONE_SECONDS}. */
        public boolean hasDrone() {
            return voices.stream().anyMatch(v -> v.maxNoteSamples() > DRONE_SECONDS * RATE);
        }

        /** True when a voice is silent for at least {@link #DEAD_AIR_SECONDS} inside the span. */
        public boolean hasDeadAir() {
            return voices.stream().anyMatch(v -> v.longestSilenceSamples() >= DEAD_AIR_SECONDS * RATE);
        }
    }

    /**
     * One voice over many pieces. Shares and rates are pooled (totals over pieces); note-length quantiles are over
     * the pooled notes, linearly interpolated between closest ranks (numpy's default).
     *
     * @param repeatedShare repeated windows / windows over the pieces in the pattern figure
     * @param notesPerSecond analysed notes / analysed span
     * @param soundingShare sounding time / analysed span
     * @param medianLongestSilenceSeconds median over pieces of the piece's longest silence in this voice
     * @param maxLongestSilenceSeconds the longest silence in this voice in any piece
     */
    public record VoiceSummary(Voice voice, double repeatedShare, double notesPerSecond, double medianNoteSeconds,
            double p999NoteSeconds, double maxNoteSeconds, double soundingShare, double medianLongestSilenceSeconds,
            double maxLongestSilenceSeconds) {
    }

    /**
     * Figures of a set of pieces.
     *
     * @param pieces pieces summarised (per-voice figures, drones and dead air are over all of them)
     * @param patternPieces pieces with at least {@link #MIN_WINDOWS} windows
     * @param meanRepeatedShare mean over the pattern pieces of each piece's repeated share; NaN with none
     * @param voices one entry per {@link Voice}, in enum order
     * @param dronePieces pieces with a note longer than {@link #DRONE_SECONDS}
     * @param deadAirPieces pieces with a voice silent for at least {@link #DEAD_AIR_SECONDS}
     */
    public record Summary(int pieces, int patternPieces, double meanRepeatedShare, List<VoiceSummary> voices,
            int dronePieces, int deadAirPieces) {
        public Summary {
            voices = List.copyOf(voices);
        }

        /** Pieces left out of the pattern figure (fewer than {@link #MIN_WINDOWS} windows). */
        public int shortPieces() {
            return pieces - patternPieces;
        }

        public VoiceSummary voice(Voice v) {
            return voices.get(v.ordinal());
        }
    }

    /**
     * Figures of {@code song} over its first {@code seconds} (or less when the song is shorter).
     *
     * @param seconds length of the analysed span, in (0, {@link #MAX_SECONDS}]
     */
    public static Piece analyse(NesSong song, double seconds) {
        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException("seconds must be in (0, " + MAX_SECONDS + "], got " + seconds);
        }
        long songEndSamples = Math.max(song.endSample(), song.lastNoteEnd());
        long spanSamples = Math.min(Math.round(seconds * RATE), songEndSamples);
        List<VoiceFigures> voices = new ArrayList<>();
        for (Voice v : Voice.values()) {
            List<NesNote> notes = new ArrayList<>();
            for (NesNote n : song.notes(v)) {
                if (n.startSample() < spanSamples) {
                    notes.add(n);
                }
            }
            voices.add(voiceFigures(v, notes, spanSamples));
        }
        return new Piece(song.name(), spanSamples, voices);
    }

    /** Combines {@code pieces} (any number, also none). */
    public static Summary summarise(List<Piece> pieces) {
        int patternPieces = 0;
        double shareSum = 0;
        int drones = 0;
        int deadAir = 0;
        for (Piece p : pieces) {
            if (p.inPatternFigure()) {
                patternPieces++;
                shareSum += p.repeatedShare();
            }
            drones += p.hasDrone() ? 1 : 0;
            deadAir += p.hasDeadAir() ? 1 : 0;
        }
        long spanSamples = pieces.stream().mapToLong(Piece::spanSamples).sum();
        List<VoiceSummary> voices = new ArrayList<>();
        for (Voice v : Voice.values()) {
            long windows = 0;
            long repeated = 0;
            long notes = 0;
            long sounding = 0;
            List<Long> lengths = new ArrayList<>();
            long[] silences = new long[pieces.size()];
            for (int i = 0; i < pieces.size(); i++) {
                Piece p = pieces.get(i);
                VoiceFigures f = p.voice(v);
                if (p.inPatternFigure()) {
                    windows += f.windows();
                    repeated += f.repeatedWindows();
                }
                notes += f.notes();
                sounding += f.soundingSamples();
                lengths.addAll(f.noteLengthsSamples());
                silences[i] = f.longestSilenceSamples();
            }
            long[] sortedLengths = lengths.stream().mapToLong(Long::longValue).sorted().toArray();
            Arrays.sort(silences);
            voices.add(new VoiceSummary(v, share(repeated, windows), share(notes, spanSamples / RATE),
                    quantile(sortedLengths, 0.5) / RATE, quantile(sortedLengths, 0.999) / RATE,
                    quantile(sortedLengths, 1) / RATE, share(sounding, spanSamples),
                    quantile(silences, 0.5) / RATE, quantile(silences, 1) / RATE));
        }
        return new Summary(pieces.size(), patternPieces, patternPieces == 0 ? Double.NaN : shareSum / patternPieces,
                voices, drones, deadAir);
    }

    /**
     * The {@code q} quantile of ascending {@code sorted}, linearly interpolated between closest ranks; NaN when
     * empty.
     */
    public static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** {@code notes}: this voice's notes starting inside the span, ascending by start. */
    private static VoiceFigures voiceFigures(Voice v, List<NesNote> notes, long spanSamples) {
        long[] lengths = new long[notes.size()];
        long sounding = 0;
        long longestSilence = 0;
        long coveredTo = 0;
        for (int i = 0; i < notes.size(); i++) {
            NesNote n = notes.get(i);
            lengths[i] = n.lengthSamples();
            long end = Math.min(n.endSample(), spanSamples);
            if (n.startSample() > coveredTo) {
                longestSilence = Math.max(longestSilence, n.startSample() - coveredTo);
                coveredTo = n.startSample();
            }
            if (end > coveredTo) {
                sounding += end - coveredTo;
                coveredTo = end;
            }
        }
        longestSilence = Math.max(longestSilence, spanSamples - coveredTo);
        Arrays.sort(lengths);
        int windows = Math.max(0, notes.size() - WINDOW_STEPS);
        return new VoiceFigures(v, notes.size(), windows, repeatedWindows(notes),
                Arrays.stream(lengths).boxed().toList(), sounding, longestSilence);
    }

    /** One step between consecutive notes: pitch difference (semitones, or noise periods) and rounded onset gap. */
    private record Step(int pitchDelta, long gapSteps) {
    }

    /** Windows of {@link #WINDOW_STEPS} steps over {@code notes} (ascending by start) seen earlier in the list. */
    private static int repeatedWindows(List<NesNote> notes) {
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i < notes.size(); i++) {
            NesNote a = notes.get(i - 1);
            NesNote b = notes.get(i);
            double gapSeconds = (b.startSample() - a.startSample()) / RATE;
            steps.add(new Step(b.pitch() - a.pitch(), Math.round(gapSeconds / GAP_STEP_SECONDS)));
        }
        Set<List<Step>> seen = new HashSet<>();
        int repeated = 0;
        for (int i = 0; i + WINDOW_STEPS <= steps.size(); i++) {
            if (!seen.add(List.copyOf(steps.subList(i, i + WINDOW_STEPS)))) {
                repeated++;
            }
        }
        return repeated;
    }

    private static double share(double part, double whole) {
        return whole == 0 ? Double.NaN : part / whole;
    }
}
