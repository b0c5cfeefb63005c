package org.nesjam.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The beat-lock check's analysis ({@code scripts/beat-lock-check.sh}, {@code BeatLockJackTest}): reads a recording
 * of the host's clock and nesjam's MIDI output on one frame clock (lines {@code "  FRAME: b0 b1 b2"}, as
 * {@code jack_midi_dump -a} prints them; the check records them with {@code JackMidiThrough}) and measures how many
 * of the model's note-ons lie within 5 ms of the host's grid.
 * <p>
 * The grid: clock ticks are counted from the last Start (0xFA), on through Stop and Continue (ticks the recording
 * lost are counted from the gap they left, {@link #countTicks}); the 16ths are the ticks whose count is a multiple
 * of 6, the 8th-note triplets those that are a multiple of 8. A grid point's time is the least-squares line through
 * the ticks within {@link #FIT_TICKS} of it (so a jittered clock, {@code jack_midi_clock -J}, is interpolated, not
 * taken tick by tick). Tempo segments are found from the ticks (the mean of {@link #FIT_TICKS} intervals moving by
 * more than 10 %); the first {@code skipSeconds} of each are left out.
 */
public final class BeatGridCheck {
    /** Relative tolerance of {@link #countTicks}' lost-tick gaps (frame-exact ticks: 9-15 frames at 80-132 bpm). */
    static final double GAP_TOLERANCE = 0.01;
    /** Whole JACK periods the dump's frame clock may fall back by where it missed a cycle ({@link #countTicks}). */
    static final int MAX_PERIODS_BACK = 2;
    /** Intervals each side of a gap whose median is the tempo {@link #countTicks} measures it in. */
    static final int TEMPO_INTERVALS = 8;
    /** Most ticks one gap in the recording counts as ({@link #countTicks}). */
    static final int MAX_GAP_TICKS = 8;
    /** Gaps in a row that {@link #countTicks} counts lost ticks in. */
    static final int MAX_GAPS_IN_A_ROW = 3;
    /** Ticks each side of a grid point in its line fit. */
    static final int FIT_TICKS = 12;
    /**
     * Note-ons within this after Start or Stop are not judged by them (without the period: a period of 256 frames and
     * a little; with it, two periods and 1 ms): JACK brings nesjam the message a period later, and its output sends a
     * note a period after its time, so a note on its way when the message came cannot be called back.
     */
    static final double IN_FLIGHT_SECONDS = 0.006;
    /** A note-on within this of a grid point is on the grid. */
    static final double WITHIN_SECONDS = 0.005;
    /**
     * A segment judged over less than this with no note-on in it is not failed for having none: a jump of the host
     * clock's phase under load splits a tempo (see {@link #analyse}) and can leave such a sliver after the skipped
     * start.
     */
    static final double MIN_JUDGED_SECONDS = 1.0;

    /** One tempo segment's figures. */
    record Segment(double bpm, double fromSeconds, double toSeconds, int noteOns, int onGrid) {
        double fraction() {
            return noteOns == 0 ? 0 : onGrid / (double) noteOns;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f bpm (%.1f-%.1f s): %d of %d model note-ons within 5 ms of the"
                    + " host grid (%.1f %%)", bpm, fromSeconds, toSeconds, onGrid, noteOns, 100 * fraction());
        }
    }

    /**
     * The whole check: segments, the first note-on after Start (in beats after it, and how far from the nearest
     * beat in seconds), note-ons after Stop, and every clock tick the recording holds (before Start and after Stop
     * too).
     */
    record Result(List<Segment> segments, double firstNoteBeat, double firstNoteOffBeatSeconds, int noteOnsAfterStop,
                  boolean stopSeen, long recordedTicks, String jamCount) {
        /**
         * What misses the goal (a tempo with fewer than {@code minFraction} of its note-ons on the grid or with no
         * note-on at all, the first note after Start off the beats, a note after Stop), or null.
         */
        String failure(double minFraction) {
            if (segments.isEmpty()) {
                return "no clock ticks after a Start";
            }
            for (Segment s : segments) {
                if (s.noteOns() == 0 && s.toSeconds() - s.fromSeconds() < MIN_JUDGED_SECONDS) {
                    continue;
                }
                if (s.noteOns() == 0 || s.fraction() < minFraction) {
                    return s.toString();
                }
            }
            // on a beat (the downbeat or a later one) within the grid's 5 ms
            if (!(Math.rint(firstNoteBeat) >= 0 && firstNoteOffBeatSeconds <= WITHIN_SECONDS)) {
                return String.format(Locale.ROOT, "the first note after Start is at beat %.3f (%.1f ms off the beat)",
                        firstNoteBeat, 1000 * firstNoteOffBeatSeconds);
            }
            if (!stopSeen || noteOnsAfterStop > 0) {
                return stopSeen ? noteOnsAfterStop + " note-ons after Stop" : "no Stop";
            }
            return null;
        }
    }

    private BeatGridCheck() {
    }

    /**
     * {@code java -cp nesjam.jar org.nesjam.app.bench.BeatGridCheck RECORD.txt [RATE] [SKIP_SECONDS] [MIN_PERCENT]
     * [PERIOD_FRAMES] [dump|record] [CLOCK_LOG]}: prints the figures; exit status 1 below {@code MIN_PERCENT};
     * {@code dump}: the file is jack_midi_dump's, whose frame clock falls back where it missed a cycle;
     * {@code CLOCK_LOG}: the jam's clock log, whose counts are compared with the check's.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BeatGridCheck RECORD.txt [RATE] [SKIP_SECONDS] [MIN_PERCENT] [PERIOD_FRAMES]"
                    + " [dump|record] [CLOCK_LOG]");
            System.exit(2);
        }
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 48_000;
        double skip = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        double minPercent = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        int periodFrames = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        boolean dumpClock = args.length > 5 && args[5].equals("dump");
        List<String> clockLog = args.length > 6 && Files.isReadable(Path.of(args[6]))
                ? Files.readAllLines(Path.of(args[6])) : null;
        Result r = analyse(Files.readAllLines(Path.of(args[0])), rate, skip, periodFrames, dumpClock, clockLog);
        System.out.println("host clock ticks recorded: " + r.recordedTicks());
        if (!r.jamCount().isEmpty()) {
            System.out.println("the jam's tick count less this check's: " + r.jamCount());
        }
        for (Segment s : r.segments()) {
            System.out.println(s);
        }
        System.out.println(String.format(Locale.ROOT, "first model note-on after Start: beat %.3f (%.1f ms off the"
                + " beat)", r.firstNoteBeat(), 1000 * r.firstNoteOffBeatSeconds()) + "; model note-ons after Stop: "
                + (r.stopSeen() ? Integer.toString(r.noteOnsAfterStop()) : "no Stop"));
        String failure = r.failure(minPercent / 100);
        if (failure != null) {
            System.out.println("FAILED: " + failure);
            System.exit(1);
        }
    }

    /** {@link #analyse(List, double, double, int, boolean)} of a record on JACK's frame clock (not a dump's). */
    static Result analyse(List<String> lines, double rate, double skipSeconds, int periodFrames) {
        return analyse(lines, rate, skipSeconds, periodFrames, false, null);
    }

    /** {@link #analyse(List, double, double, int, boolean, List)} without a clock log. */
    static Result analyse(List<String> lines, double rate, double skipSeconds, int periodFrames, boolean dumpClock) {
        return analyse(lines, rate, skipSeconds, periodFrames, dumpClock, null);
    }

    /**
     * The figures of a record ({@code periodFrames}: the JACK period, 0 unknown); {@code dumpClock}: its frame clock
     * is jack_midi_dump's, which falls back a period or two where the dump missed a cycle ({@link #countTicks}
     * repairs that; on a record it would miscount a jittered clock's ticks); {@code clockLog}: the jam's clock log
     * ({@code NESJAM_CLOCK_LOG}) to compare counts with ({@link #compareCounts}), or null.
     */
    static Result analyse(List<String> lines, double rate, double skipSeconds, int periodFrames, boolean dumpClock,
                          List<String> clockLog) {
        List<Long> tickFrame = new ArrayList<>();
        List<Long> noteFrame = new ArrayList<>();
        long startFrame = Long.MIN_VALUE;
        long stopFrame = Long.MAX_VALUE;
        long recordedTicks = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            long frame;
            String[] bytes = line.substring(colon + 1).trim().split("\\s+");
            try {
                frame = Long.parseLong(line.substring(0, colon).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (bytes.length == 0 || bytes[0].isEmpty()) {
                continue;
            }
            int status = Integer.parseInt(bytes[0], 16);
            if (status == 0xF8) {
                recordedTicks++;
            }
            if (status == 0xFA) {
                startFrame = frame;
                tickFrame.clear();
                noteFrame.clear();
                stopFrame = Long.MAX_VALUE;
            } else if (status == 0xFB) {
                stopFrame = Long.MAX_VALUE; // Continue: the count goes on
            } else if (status == 0xFC) {
                stopFrame = Math.min(stopFrame, frame);
            } else if (status == 0xF8 && startFrame != Long.MIN_VALUE && frame < stopFrame) {
                if (tickFrame.isEmpty() || tickFrame.get(tickFrame.size() - 1) != frame) {
                    tickFrame.add(frame); // not a tick recorded twice at one frame (a cycle the recorder ran twice)
                }
            } else if ((status & 0xF0) == 0x90 && bytes.length >= 3 && Integer.parseInt(bytes[2], 16) > 0) {
                noteFrame.add(frame);
            }
        }
        if (periodFrames > 0) {
            moveLateTicksBack(tickFrame, periodFrames);
        }
        long[] count = countTicks(tickFrame, dumpClock ? periodFrames : 0);
        double inFlight = periodFrames > 0 ? 2 * periodFrames + 0.001 * rate : IN_FLIGHT_SECONDS * rate;
        List<Segment> segments = new ArrayList<>();
        double firstBeat = Double.NaN;
        double firstOffSeconds = Double.NaN;
        int afterStop = 0;
        for (long f : noteFrame) {
            if (f > stopFrame + inFlight) {
                afterStop++;
            }
        }
        if (tickFrame.size() < 2 * FIT_TICKS + 2) {
            return new Result(segments, firstBeat, firstOffSeconds, afterStop, stopFrame != Long.MAX_VALUE,
                    recordedTicks, "");
        }
        // tempo segments: break where the local mean interval moves by more than 10 %
        List<Integer> breaks = new ArrayList<>();
        breaks.add(0);
        double segInterval = meanInterval(tickFrame, count, 0, FIT_TICKS);
        for (int i = FIT_TICKS; i + FIT_TICKS < tickFrame.size(); i++) {
            double ahead = meanInterval(tickFrame, count, i, FIT_TICKS);
            if (Math.abs(ahead - segInterval) > 0.1 * segInterval) {
                breaks.add(i);
                segInterval = ahead;
                i += FIT_TICKS;
            }
        }
        breaks.add(tickFrame.size());
        for (int s = 0; s + 1 < breaks.size(); s++) {
            int a = breaks.get(s);
            int b = breaks.get(s + 1) - 1;
            double from = tickFrame.get(a) + skipSeconds * rate;
            double to = tickFrame.get(b);
            int n = 0;
            int hit = 0;
            for (long f : noteFrame) {
                if (f >= from && f < to) {
                    n++;
                    hit += gridError(tickFrame, count, f, a, b) <= WITHIN_SECONDS * rate ? 1 : 0;
                }
            }
            if (to <= from) {
                continue; // a tempo held shorter than the skipped start (the moment one clock hands over)
            }
            double bpm = 60.0 * rate / (meanInterval(tickFrame, count, a, b - a) * 24);
            segments.add(new Segment(bpm, (from - startFrame) / rate, (to - startFrame) / rate, n, hit));
        }
        for (long f : noteFrame) {
            // as after Stop: a note in the JACK period after Start left before nesjam could know of the Start
            if (f > startFrame + inFlight) {
                int i = nearestTick(tickFrame, f);
                double spt = meanInterval(tickFrame, count, Math.max(0, i - FIT_TICKS), FIT_TICKS);
                firstBeat = (count[i] + (f - tickFrame.get(i)) / spt) / 24.0;
                firstOffSeconds = Math.abs(firstBeat - Math.rint(firstBeat)) * 24 * spt / rate;
                break;
            }
        }
        String jamCount = clockLog == null ? "" : compareCounts(tickFrame, count, startFrame, clockLog, periodFrames,
                rate);
        return new Result(segments, firstBeat, firstOffSeconds, afterStop, stopFrame != Long.MAX_VALUE,
                recordedTicks, jamCount);
    }

    /** At most this many changes of the count difference are listed by {@link #compareCounts}. */
    static final int MAX_COUNT_CHANGES = 8;

    /**
     * Where the jam's own count of the host's ticks (its clock log: one line per transport message, engine sample
     * time, status byte in hex, the clock's tick count after it; {@link org.nesjam.gen.jam.ClockLog}) departs from
     * this check's ({@code count} of the recorded {@code tickFrame}s). The two clocks are aligned at the last Start
     * (the jam's input stamps a frame's events with one engine time less a constant); each recorded tick is matched
     * with the jam's tick nearest to it within {@link #MAX_PERIODS_BACK} periods (a tick the record or the jam moved
     * back). Returns e.g. "0 from 0.0 s; +4 from 9.8 s (tick 419); 1 ticks unmatched": a difference that is not 0
     * puts the jam's notes that many ticks off the host's grid.
     */
    static String compareCounts(List<Long> tickFrame, long[] count, long startFrame, List<String> clockLog,
                                int periodFrames, double rate) {
        List<long[]> jamTicks = new ArrayList<>(); // {sampleTime, tick index}
        long jamStart = Long.MIN_VALUE;
        for (String line : clockLog) {
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("#") || f.length < 3) {
                continue;
            }
            long sampleTime;
            int status;
            long nextTick;
            try {
                sampleTime = Long.parseLong(f[0]);
                status = Integer.parseInt(f[1], 16);
                nextTick = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (status == 0xFA) {
                jamStart = sampleTime;
                jamTicks.clear();
            } else if (status == 0xF8 && jamStart != Long.MIN_VALUE) {
                jamTicks.add(new long[] {sampleTime, nextTick - 1});
            }
        }
        if (jamStart == Long.MIN_VALUE || startFrame == Long.MIN_VALUE) {
            return "no Start in the clock log or the record";
        }
        long offset = jamStart - startFrame;
        long window = (long) MAX_PERIODS_BACK * Math.max(periodFrames, 1) + 1;
        StringBuilder out = new StringBuilder();
        long diff = Long.MIN_VALUE;
        int changes = 0;
        int unmatched = 0;
        int j = 0;
        for (int i = 0; i < tickFrame.size(); i++) {
            long frame = tickFrame.get(i);
            while (j + 1 < jamTicks.size() && jamTicks.get(j + 1)[0] - offset <= frame) {
                j++;
            }
            long[] best = null;
            for (int k = Math.max(0, j - 1); k <= Math.min(jamTicks.size() - 1, j + 1); k++) {
                long d = Math.abs(jamTicks.get(k)[0] - offset - frame);
                if (d <= window && (best == null || d < Math.abs(best[0] - offset - frame))) {
                    best = jamTicks.get(k);
                }
            }
            if (best == null) {
                unmatched++;
                continue;
            }
            long d = best[1] - count[i];
            if (d != diff) {
                diff = d;
                if (++changes <= MAX_COUNT_CHANGES) {
                    out.append(out.length() == 0 ? "" : "; ").append(d > 0 ? "+" : "").append(d)
                            .append(String.format(Locale.ROOT, " from %.1f s (tick %d)", (frame - startFrame) / rate,
                                    count[i]));
                }
            }
        }
        if (changes > MAX_COUNT_CHANGES) {
            out.append("; ").append(changes - MAX_COUNT_CHANGES).append(" more changes");
        }
        return out.append(out.length() == 0 ? "" : "; ").append(unmatched).append(" recorded ticks unmatched")
                .toString();
    }

    /**
     * The tick count of each tick since Start: 0, 1, 2, ... (the position as MIDI defines it), except where the
     * recording lost ticks: any JACK client misses a cycle's MIDI in an xrun, and jack_midi_dump's frame clock then
     * falls back by a whole JACK period or two (seen on a dummy server: at 132 bpm, where a tick is 909 frames,
     * intervals of 1,562 = 2 x 909 - 256 and 653 = 909 - 256 frames at 256 frames a period). So an interval of
     * {@code k} ticks less {@code m} periods ({@code k} 1-{@link #MAX_GAP_TICKS}, {@code m}
     * 0-{@link #MAX_PERIODS_BACK}, the smallest {@code m} that fits) at a steady tempo (the median of the
     * {@link #TEMPO_INTERVALS} intervals each side, which goes on after the gap, {@link #sameTempoAfter}; the gap
     * fits within {@link #GAP_TOLERANCE}) counts as {@code k} ticks.
     * The tolerance is tight because jack_midi_clock's ticks are frame-exact: a jump of the host's clock by other
     * amounts (e.g. 5 periods, 25.9 ms at 100 bpm, where a tick is 25 ms) stays a jump of one tick.
     *
     * @param periodFrames the JACK period in frames (0: unknown, only whole ticks are repaired)
     */
    static long[] countTicks(List<Long> ticks, int periodFrames) {
        long[] count = new long[ticks.size()];
        double[] around = new double[2 * TEMPO_INTERVALS];
        for (int i = 1; i < count.length; i++) {
            long steps = 1;
            if (i + 1 < count.length) { // the intervals before (a first one too) and after give the tempo
                int n = 0;
                for (int j = Math.max(1, i - TEMPO_INTERVALS); j < i; j++) { // counted: gaps are ticks apart
                    around[n++] = (ticks.get(j) - ticks.get(j - 1)) / (double) (count[j] - count[j - 1]);
                }
                for (int j = i + 1; j < Math.min(count.length, i + 1 + TEMPO_INTERVALS); j++) {
                    around[n++] = ticks.get(j) - ticks.get(j - 1); // not counted yet: a gap is an outlier
                }
                Arrays.sort(around, 0, n);
                double before = around[n / 2];
                if (sameTempoAfter(ticks, i, before) && sameTempoBefore(ticks, count, i, before)) {
                    for (int m = 0; m <= (periodFrames > 0 ? MAX_PERIODS_BACK : 0); m++) {
                        double gap = (ticks.get(i) - ticks.get(i - 1) + m * (double) periodFrames) / before;
                        long whole = Math.round(gap);
                        if (whole >= 1 && whole <= MAX_GAP_TICKS && Math.abs(gap - whole) < GAP_TOLERANCE) {
                            steps = whole;
                            break;
                        }
                    }
                }
            }
            count[i] = count[i - 1] + steps;
        }
        return count;
    }

    /**
     * Moves back a period the ticks a recorder took a period late (a JACK client called late for its cycle, when
     * the frame time already names the next one, and not called again for that one, so the record cannot tell):
     * a tick whose intervals to its neighbours are not whole ticks of the tempo around it (the median of
     * {@link #TEMPO_INTERVALS} intervals each side) but are, within {@link #GAP_TOLERANCE}, with the tick a period
     * earlier; and leaves out a tick a period before the next one where that one is on the tempo's ticks (the same
     * tick recorded twice, once moved back). jack_midi_clock's ticks are frame-exact, so nothing else fits that.
     */
    static void moveLateTicksBack(List<Long> ticks, int periodFrames) {
        double[] around = new double[2 * TEMPO_INTERVALS];
        for (int i = 1; i + 1 < ticks.size(); i++) {
            int n = 0;
            for (int j = Math.max(1, i - TEMPO_INTERVALS); j < Math.min(ticks.size(), i + 1 + TEMPO_INTERVALS); j++) {
                if (j != i && j != i + 1) {
                    around[n++] = ticks.get(j) - ticks.get(j - 1);
                }
            }
            if (n < 4) {
                continue;
            }
            Arrays.sort(around, 0, n);
            double tick = around[n / 2];
            double before = ticks.get(i) - ticks.get(i - 1);
            double after = ticks.get(i + 1) - ticks.get(i);
            if (Math.abs(after - periodFrames) <= 1 && !wholeTicks(before / tick)
                    && wholeTicks((before + after) / tick)) {
                ticks.remove(i--); // recorded twice: by the late call, a period back, and by the next one
            } else if ((!wholeTicks(before / tick) || !wholeTicks(after / tick))
                    && wholeTicks((before - periodFrames) / tick) && wholeTicks((after + periodFrames) / tick)) {
                ticks.set(i, ticks.get(i) - periodFrames);
            }
        }
    }

    private static boolean wholeTicks(double ticks) {
        return ticks >= 0.5 && Math.abs(ticks - Math.round(ticks)) < GAP_TOLERANCE;
    }

    /**
     * Whether the interval before gap {@code i} (per tick, as counted; none right after Start) is {@code interval}
     * within {@link #GAP_TOLERANCE}: a gap at a hand-over to another tempo is not lost ticks of either, even where it
     * happens to be whole ticks of the new one.
     */
    private static boolean sameTempoBefore(List<Long> ticks, long[] count, int i, double interval) {
        if (i < 2) {
            return true;
        }
        double before = (ticks.get(i - 1) - ticks.get(i - 2)) / (double) (count[i - 1] - count[i - 2]);
        return Math.abs(before / interval - 1) < GAP_TOLERANCE;
    }

    /**
     * Whether the ticks after gap {@code i} go on at {@code interval}: within {@link #MAX_GAPS_IN_A_ROW} intervals
     * one is {@code interval} (within {@link #GAP_TOLERANCE}) and those before it whole numbers of it (more gaps).
     * A tempo halved has no such interval.
     */
    private static boolean sameTempoAfter(List<Long> ticks, int i, double interval) {
        for (int j = i + 1; j < ticks.size() && j <= i + MAX_GAPS_IN_A_ROW; j++) {
            double after = (ticks.get(j) - ticks.get(j - 1)) / interval;
            if (Math.abs(after - 1) < GAP_TOLERANCE) {
                return true;
            }
            if (after < 1.5 || Math.abs(after - Math.round(after)) >= GAP_TOLERANCE) {
                return false;
            }
        }
        return false;
    }

    /** Frames a tick over ticks {@code from .. from + n} (by their counts, so a lost tick does not count as one). */
    private static double meanInterval(List<Long> ticks, long[] count, int from, int n) {
        int to = Math.min(ticks.size() - 1, from + n);
        return (ticks.get(to) - ticks.get(from)) / (double) Math.max(1, count[to] - count[from]);
    }

    private static int nearestTick(List<Long> ticks, long frame) {
        int best = 0;
        for (int i = 1; i < ticks.size(); i++) {
            if (Math.abs(ticks.get(i) - frame) < Math.abs(ticks.get(best) - frame)) {
                best = i;
            }
        }
        return best;
    }

    /** Frames from {@code frame} to the nearest grid point among ticks {@code a..b} (line-fitted, see class doc). */
    private static double gridError(List<Long> ticks, long[] count, long frame, int a, int b) {
        int near = Math.max(a, Math.min(b, nearestTick(ticks, frame)));
        double best = Double.POSITIVE_INFINITY;
        for (int i = Math.max(a, near - 8); i <= Math.min(b, near + 8); i++) {
            if (count[i] % 6 != 0 && count[i] % 8 != 0) {
                continue;
            }
            best = Math.min(best, Math.abs(frame - fitted(ticks, count, i, a, b)));
        }
        return best;
    }

    /** Tick {@code i}'s time on the line through the ticks within {@link #FIT_TICKS} of it (inside {@code a..b}). */
    private static double fitted(List<Long> ticks, long[] count, int i, int a, int b) {
        int lo = Math.max(a, i - FIT_TICKS);
        int hi = Math.min(b, i + FIT_TICKS);
        int n = hi - lo + 1;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double y0 = ticks.get(i);
        for (int k = lo; k <= hi; k++) {
            double x = count[k] - count[i];
            double y = ticks.get(k) - y0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return y0 + (sy - slope * sx) / n;
    }
}
