package org.nesjam.app.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares two renders of one APU voice note by note, for the NSF test: the notes come from the MIDI (start, end,
 * key), and each note's onset and pitch are measured in each render separately, from the audio alone.
 * <ul>
 *   <li>Onset of a note after silence (the voice silent at least {@link #MIN_GAP_SECONDS} before it in the MIDI): the first sample
 *       where the energy of the signal's first difference over 0.5 ms reaches a fifth of its maximum in the note's
 *       steady part, after 5 ms below that level.</li>
 *   <li>Onset of a legato note (no silence before it) whose pitch changes: the moment the new period takes over
 *       ({@link #pitchChange}), for notes without a volume change (CC11) within 35 ms of their start. Other legato
 *       notes (no pitch change, a period a multiple of the other, a volume change near the start) and the noise's
 *       legato notes have no onset this measures and are not compared (counted as unmeasurable).</li>
 *   <li>Pitch (pulses and triangle, notes with a steady part, from 20 ms after the start to 15 ms before the end,
 *       of at least 25 ms and 2.5 nominal periods): the autocorrelation period ({@link #period}).</li>
 * </ul>
 * Renders are mono DAC-level signals (no high-pass), at {@code rate} Hz.
 */
final class VoiceNoteCompare {
    /**
     * Shortest silence before a note for its onset to be measured by energy: a frame and a bit. A shorter gap in
     * the MIDI can vanish in a 60 Hz NSF (note-off and note-on in the same frame), so such a note is treated as
     * legato (measured by its pitch change when it has one).
     */
    static final double MIN_GAP_SECONDS = 0.017;
    /**
     * Where a note's steady part starts, after its onset: an onset after silence is measured against the level of
     * [start + this, end - 10 ms], or the middle third of a note shorter than 60 ms (never after its end, where one
     * render may still ring while the other is silent).
     */
    static final double STEADY_FROM_SECONDS = 0.020;

    /** One note of a voice in the MIDI: times in seconds. */
    record Note(double start, double end, int key, boolean afterSilence, boolean steadyVolume) {
    }

    /** The comparison of one voice: counts and the worst errors, and a line per note out of tolerance. */
    record Result(int notes, int onsetsCompared, int pitchesCompared, int unmeasured, double worstOnsetMs,
                  String worstOnsetNote, double worstCents, List<String> failures) {
        Result plus(Result o) {
            List<String> f = new ArrayList<>(failures);
            f.addAll(o.failures);
            return new Result(notes + o.notes, onsetsCompared + o.onsetsCompared, pitchesCompared + o.pitchesCompared,
                    unmeasured + o.unmeasured, Math.max(worstOnsetMs, o.worstOnsetMs),
                    o.worstOnsetMs > worstOnsetMs ? o.worstOnsetNote : worstOnsetNote, Math.max(worstCents, o.worstCents),
                    f);
        }

        static Result empty() {
            return new Result(0, 0, 0, 0, 0, "", 0, List.of());
        }
    }

    private final int rate;
    private final double onsetToleranceMs;
    private final double centsTolerance;
    private final int pitchKeyMax;

    /** Pitches are compared for notes up to key {@code pitchKeyMax}. */
    VoiceNoteCompare(int rate, double onsetToleranceMs, double centsTolerance, int pitchKeyMax) {
        this.rate = rate;
        this.onsetToleranceMs = onsetToleranceMs;
        this.centsTolerance = centsTolerance;
        this.pitchKeyMax = pitchKeyMax;
    }

    /**
     * The notes channel {@code voice} (0-3) of {@code song} (read at sample {@code rate}) plays, as the instrument
     * plays them: monophonic, last note priority, and a released note falls back to a key still held (legato).
     */
    static List<Note> notes(MidiSong song, int voice, int rate) {
        List<Note> out = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        double start = -1;
        int key = -1;
        double lastEnd = -1;
        boolean afterSilence = true;
        List<Double> volumeChanges = new ArrayList<>();
        for (int i = 0; i < song.eventCount(); i++) {
            int m = song.message(i);
            if ((m & 0x0F) == voice && (m & 0xF0) == 0xB0 && (m >>> 8 & 0x7F) == 11) {
                volumeChanges.add(song.sampleTime(i) / (double) rate);
            }
        }
        for (int i = 0; i < song.eventCount(); i++) {
            int m = song.message(i);
            if ((m & 0x0F) != voice) {
                continue;
            }
            int cmd = m & 0xF0;
            int d1 = m >>> 8 & 0x7F;
            int d2 = m >>> 16 & 0x7F;
            double t = song.sampleTime(i) / (double) rate;
            boolean on = cmd == 0x90 && d2 > 0;
            boolean off = cmd == 0x80 || cmd == 0x90 && d2 == 0;
            if (on) {
                held.remove(Integer.valueOf(d1));
                held.add(d1);
                if (key >= 0) {
                    if (t - start >= MIN_GAP_SECONDS) {
                        out.add(new Note(start, t, key, afterSilence, steady(volumeChanges, start)));
                        afterSilence = false;
                    } // else a note replaced within a frame (the model can write two note-ons of a voice at one
                    // time): both writes land in one NSF frame and it is never heard there; the note that replaces
                    // it takes its place, and its onset
                } else {
                    afterSilence = lastEnd < 0 || t - lastEnd >= MIN_GAP_SECONDS;
                }
                start = t;
                key = d1;
            } else if (off) {
                held.remove(Integer.valueOf(d1));
                if (d1 != key) {
                    continue;
                }
                boolean heard = t - start >= MIN_GAP_SECONDS; // shorter: on and off in one NSF frame, never heard
                if (heard) {
                    out.add(new Note(start, t, key, afterSilence, steady(volumeChanges, start)));
                }
                if (held.isEmpty()) {
                    lastEnd = heard ? t : lastEnd;
                    key = -1;
                } else {
                    start = t;
                    key = held.get(held.size() - 1);
                    afterSilence = false;
                }
            }
        }
        return out;
    }

    /** True when no volume change (CC11) falls within 35 ms of {@code start}. */
    private static boolean steady(List<Double> volumeChanges, double start) {
        for (double t : volumeChanges) {
            if (Math.abs(t - start) < 0.035) {
                return false;
            }
        }
        return true;
    }

    /** Compare {@code ref} (nesjam) and {@code test} (the NSF) for {@code notes}; {@code noise}: onsets only. */
    Result compare(String label, List<Note> notes, float[] ref, float[] test, boolean noise, boolean triangle) {
        double[] eRef = diffEnergy(ref);
        double[] eTest = diffEnergy(test);
        int onsets = 0;
        int pitches = 0;
        int unmeasured = 0;
        double worstOnset = 0;
        String worstOnsetNote = "";
        double worstCents = 0;
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < notes.size(); k++) {
            Note n = notes.get(k);
            double prevEnd = k > 0 ? notes.get(k - 1).end() : -1;
            Double onRef;
            Double onTest;
            if (n.afterSilence()) {
                onRef = onsetAfterSilence(eRef, n, prevEnd);
                onTest = onsetAfterSilence(eTest, n, prevEnd);
            } else if (!noise && k > 0 && n.steadyVolume() && n.end() - n.start() >= 0.060
                    && notes.get(k - 1).start() <= n.start() - 0.060) {
                onRef = pitchChange(ref, n, notes.get(k - 1).key(), triangle);
                onTest = pitchChange(test, n, notes.get(k - 1).key(), triangle);
            } else {
                onRef = null;
                onTest = null;
            }
            boolean measured = false;
            if (onRef != null && onTest != null) {
                double ms = (onTest - onRef) * 1000;
                onsets++;
                measured = true;
                if (Math.abs(ms) > worstOnset) {
                    worstOnset = Math.abs(ms);
                    worstOnsetNote = String.format(Locale.ROOT, "%s note %d (key %d at %.3f s, %s)", label, k,
                            n.key(), n.start(), n.afterSilence() ? "after silence" : "legato");
                }
                if (Math.abs(ms) > onsetToleranceMs) {
                    failures.add(String.format(Locale.ROOT, "%s note %d (key %d at %.3f s): onset %+.1f ms",
                            label, k, n.key(), n.start(), ms));
                }
            } else if (onRef != null) {
                failures.add(String.format(Locale.ROOT, "%s note %d (key %d at %.3f s): onset found in nesjam's"
                        + " render at %.3f s, not in the NSF's", label, k, n.key(), n.start(), onRef));
            }
            if (!noise && n.key() <= pitchKeyMax) {
                double a = n.start() + 0.020;
                double b = n.end() - 0.015;
                if (b - a >= 0.025) {
                    Double pRef = period(ref, a, b, n.key(), triangle);
                    Double pTest = period(test, a, b, n.key(), triangle);
                    if (pRef != null && pTest == null) {
                        failures.add(String.format(Locale.ROOT, "%s note %d (key %d at %.3f s): a pitch in nesjam's"
                                + " render, none in the NSF's", label, k, n.key(), n.start()));
                    } else if (pRef != null) {
                        double cents = 1200 * Math.log(pRef / pTest) / Math.log(2);
                        pitches++;
                        measured = true;
                        worstCents = Math.max(worstCents, Math.abs(cents));
                        if (Math.abs(cents) > centsTolerance) {
                            failures.add(String.format(Locale.ROOT, "%s note %d (key %d at %.3f s): pitch %+.2f"
                                    + " cents", label, k, n.key(), n.start(), cents));
                        }
                    }
                }
            }
            if (!measured) {
                unmeasured++;
            }
        }
        return new Result(notes.size(), onsets, pitches, unmeasured, worstOnset, worstOnsetNote, worstCents,
                failures);
    }

    /** Prefix sums of the squared first difference (index i: samples before i). */
    private static double[] diffEnergy(float[] x) {
        double[] p = new double[x.length + 1];
        for (int i = 1; i < x.length; i++) {
            double d = x[i] - x[i - 1];
            p[i + 1] = p[i] + d * d;
        }
        return p;
    }

    /** Energy of the first difference over the {@code w} samples ending at {@code n} (inclusive). */
    private static double energy(double[] prefix, int n, int w) {
        int hi = Math.min(prefix.length - 1, n + 1);
        int lo = Math.max(0, hi - w);
        return prefix[hi] - prefix[lo];
    }

    private Double onsetAfterSilence(double[] prefix, Note n, double prevEnd) {
        int w = rate / 2000;
        double edge = Math.min(STEADY_FROM_SECONDS, (n.end() - n.start()) / 3); // short notes: their middle third
        int steadyFrom = (int) ((n.start() + edge) * rate);
        int steadyTo = (int) ((n.end() - Math.min(0.010, edge)) * rate);
        double max = 0;
        for (int i = steadyFrom; i < Math.min(steadyTo, prefix.length - 1); i++) {
            max = Math.max(max, energy(prefix, i, w));
        }
        if (max <= 0) {
            return null;
        }
        double thr = 0.2 * max;
        double from = Math.max(n.start() - 0.012, prevEnd < 0 ? 0 : (prevEnd + n.start()) / 2);
        int quiet = rate / 200;
        int end = Math.min(prefix.length - 2, (int) ((n.start() + 0.025) * rate));
        for (int i = Math.max(w, (int) (from * rate)); i < end; i++) { // before the start: silence
            if (energy(prefix, i, w) >= thr && energy(prefix, i - w, quiet) < thr) {
                return i / (double) rate;
            }
        }
        return null;
    }

    /**
     * The period in samples over [a, b] seconds (at most 100 ms) by normalised autocorrelation (of the first
     * difference for the pulses): the peak within
     * four semitones of the note's nominal period (the instrument's octave folding applied), then the peak near the
     * largest multiple of it that fits in half the window, refined by a parabola and divided by the multiple. Null
     * when the window is silent or has no clear peak there (normalised correlation under 0.5).
     */
    private Double period(float[] x, double a, double b, int key, boolean triangle) {
        int from = (int) (a * rate);
        int to = Math.min(x.length, (int) (Math.min(b, a + 0.100) * rate));
        int n = to - from;
        double nominal = nominalPeriod(key, triangle);
        if (n < 2.5 * nominal) {
            return null;
        }
        // pulses: the first difference (a player's DC-blocking filter decays slowly under quiet notes; the edges do
        // not); the triangle: the signal less its mean (its first difference is a square wave with broad peaks)
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += x[i];
        }
        mean /= n;
        double[] y = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            y[i] = triangle ? x[from + i] - mean : x[from + i + 1] - x[from + i];
        }
        int lo = (int) Math.floor(nominal * Math.pow(2, -4 / 12.0));
        int hi = (int) Math.ceil(nominal * Math.pow(2, 4 / 12.0));
        double[] peak = peak(y, lo, hi);
        if (peak == null || peak[1] < 0.5) {
            return null;
        }
        int k = Math.max(1, (int) (0.5 * n / peak[0]));
        if (k > 1) {
            int slack = (int) Math.ceil(k * 0.3) + 2;
            double[] multiple = peak(y, (int) Math.round(k * peak[0]) - slack, (int) Math.round(k * peak[0]) + slack);
            if (multiple == null || multiple[1] < 0.5) {
                return null;
            }
            return multiple[0] / k;
        }
        return peak[0];
    }

    /** Nominal period in samples of {@code key}, folded by octaves into the voice's timer range as the driver does. */
    private double nominalPeriod(int key, boolean triangle) {
        double cpuHz = org.nesjam.apu.ApuRegion.NTSC.cpuHz();
        double hz = 440 * Math.pow(2, (key - 69) / 12.0);
        double divisor = triangle ? 32 : 16;
        for (int i = 0; i < 12 && cpuHz / (divisor * hz) - 1 > 0x7FF; i++) {
            hz *= 2;
        }
        for (int i = 0; i < 12 && cpuHz / (divisor * hz) - 1 < (triangle ? 2 : 8); i++) {
            hz /= 2;
        }
        return rate / hz;
    }

    /** {lag, normalised correlation} of the best lag in [lo, hi], parabola-refined; null if the range is empty. */
    private static double[] peak(double[] y, int lo, int hi) {
        lo = Math.max(1, lo);
        hi = Math.min(y.length / 2, hi);
        if (hi - lo < 2) {
            return null;
        }
        double[] r = new double[hi - lo + 1];
        int best = 0;
        for (int l = lo; l <= hi; l++) {
            double s = 0;
            double e0 = 0;
            double e1 = 0;
            for (int i = 0; i + l < y.length; i++) {
                s += y[i] * y[i + l];
                e0 += y[i] * y[i];
                e1 += y[i + l] * y[i + l];
            }
            r[l - lo] = e0 > 0 && e1 > 0 ? s / Math.sqrt(e0 * e1) : 0;
            if (r[l - lo] > r[best]) {
                best = l - lo;
            }
        }
        double lag = lo + best;
        if (best > 0 && best < r.length - 1) {
            double den = r[best - 1] - 2 * r[best] + r[best + 1];
            if (den < 0) {
                lag += 0.5 * (r[best - 1] - r[best + 1]) / den;
            }
        }
        return new double[] {lag, r[best]};
    }

    /**
     * The moment a legato note's period takes over from the previous note's: in a window of two periods (at least
     * 10 ms) centred at t, stepped by 0.25 ms from 30 ms before to 30 ms after the note's MIDI start, the normalised
     * autocorrelation at the new nominal period against the old one; the onset is the first t from which the new
     * one wins to the end of the range. Null when the periods are within 2 % or one is a multiple of the other (both
     * lags then fit one of the notes).
     */
    private Double pitchChange(float[] x, Note n, int previousKey, boolean triangle) {
        double tOld = nominalPeriod(previousKey, triangle);
        double tNew = nominalPeriod(n.key(), triangle);
        double ratio = Math.max(tOld, tNew) / Math.min(tOld, tNew);
        if (ratio < 1.02 || ratio > 1.9 && Math.abs(ratio - Math.round(ratio)) < 0.02 * ratio) {
            return null;
        }
        int lagOld = (int) Math.round(tOld);
        int lagNew = (int) Math.round(tNew);
        int w = (int) Math.max(2 * Math.max(tOld, tNew), rate / 100.0);
        Double onset = null;
        for (double t = n.start() - 0.030; t <= n.start() + 0.030; t += 0.00025) {
            int from = (int) (t * rate) - w / 2;
            if (from < 1 || from + w + Math.max(lagOld, lagNew) >= x.length) {
                return null;
            }
            boolean newWins = correlation(x, from, w, lagNew, triangle) > correlation(x, from, w, lagOld, triangle);
            if (!newWins) {
                onset = null;
            } else if (onset == null) {
                onset = t;
            }
        }
        return onset;
    }

    /** Normalised correlation at {@code lag} over {@code w} samples from {@code from} (first difference unless triangle). */
    private static double correlation(float[] x, int from, int w, int lag, boolean triangle) {
        double s = 0;
        double e0 = 0;
        double e1 = 0;
        for (int i = from; i < from + w; i++) {
            double a = triangle ? x[i] : x[i] - x[i - 1];
            double b = triangle ? x[i + lag] : x[i + lag] - x[i + lag - 1];
            s += a * b;
            e0 += a * a;
            e1 += b * b;
        }
        return e0 > 0 && e1 > 0 ? s / Math.sqrt(e0 * e1) : 0;
    }
}
