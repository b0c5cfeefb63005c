package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.nesjam.gen.stats.MusicStats;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.Voice;

/**
 * {@code nesjam stats DIR}: music-structure figures ({@link MusicStats}) of every NES-MDB-style MIDI
 * file in DIR over its first seconds: repeated 8-note patterns, per-voice note rate, note lengths, sounding share and
 * longest silence, drones and dead air. Unreadable files are counted and skipped (the first error goes to stderr).
 * [main-thread]
 */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "Repeated patterns, note lengths, drones and dead air of the MIDI files in"
                + " DIR.")
final class StatsCommand implements Callable<Integer> {
    static final double DEFAULT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "a folder of NES-MDB-style MIDI files")
    String data;

    private double seconds = DEFAULT_SECONDS;

    @Option(names = "--seconds", paramLabel = "S", description = "analyse the first S seconds of each (default 60)")
    void seconds(double s) {
        seconds = Checks.range(spec, "--seconds", Checks.seconds(spec, "--seconds", s), 0, MusicStats.MAX_SECONDS);
    }

    @Override
    public Integer call() throws Exception {
        List<Path> files = EvalCommand.midiFiles(data);
        long t0 = System.nanoTime();
        List<MusicStats.Piece> pieces = new ArrayList<>();
        int unreadable = 0;
        String firstError = null;
        for (Path f : files) {
            try {
                pieces.add(MusicStats.analyse(NesMidi.read(f), seconds));
            } catch (IOException | RuntimeException e) {
                unreadable++;
                if (firstError == null) {
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    firstError = f.getFileName() + ": " + why.replaceAll("\\s+", " ");
                }
            }
        }
        if (pieces.isEmpty()) {
            throw new UserError(data + ": no file could be read (" + unreadable + " unreadable); " + firstError);
        }
        MusicStats.Summary s = MusicStats.summarise(pieces);
        System.out.printf(Locale.ROOT, "pieces %d (%d skipped < %d windows, %d unreadable); first %s s of each%n",
                s.patternPieces(), s.shortPieces(), MusicStats.MIN_WINDOWS, unreadable, num(seconds));
        StringBuilder perVoice = new StringBuilder();
        for (Voice v : Voice.values()) {
            perVoice.append(perVoice.isEmpty() ? "" : " ").append(v.trackName).append(' ')
                    .append(fixed(s.voice(v).repeatedShare(), 2));
        }
        System.out.printf(Locale.ROOT, "repeated 8-note patterns %s (%s)%n", fixed(s.meanRepeatedShare(), 3), perVoice);
        System.out.printf(Locale.ROOT, "per voice over all %d pieces: notes/s, note length median/p99.9/max, "
                + "sounding share, longest silence median/max%n", s.pieces());
        for (Voice v : Voice.values()) {
            MusicStats.VoiceSummary vs = s.voice(v);
            System.out.printf(Locale.ROOT, "%s  %s notes/s  length %s/%s/%s s  sounding %s  silence %s/%s s%n",
                    v.trackName, fixed(vs.notesPerSecond(), 2), fixed(vs.medianNoteSeconds(), 3),
                    fixed(vs.p999NoteSeconds(), 2), fixed(vs.maxNoteSeconds(), 2), fixed(vs.soundingShare(), 2),
                    fixed(vs.medianLongestSilenceSeconds(), 1), fixed(vs.maxLongestSilenceSeconds(), 1));
        }
        System.out.printf(Locale.ROOT, "drones: %d pieces with a note > %s s; dead air: %d pieces with a voice silent >= %s s%n",
                s.dronePieces(), num(MusicStats.DRONE_SECONDS), s.deadAirPieces(), num(MusicStats.DEAD_AIR_SECONDS));
        System.err.printf(Locale.ROOT, "stats: %d files in %.1f s%n", files.size(), (System.nanoTime() - t0) / 1e9);
        if (firstError != null) {
            System.err.println("stats: skipped " + unreadable + " unreadable, first: " + firstError);
        }
        return 0;
    }

    /** {@code x} with {@code decimals} decimals, or {@code n/a} for NaN. */
    private static String fixed(double x, int decimals) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** {@code x} without a trailing {@code .0}. */
    private static String num(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
