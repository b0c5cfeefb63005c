package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nesjam.dataset.ArrangeException;
import org.nesjam.dataset.Arranger;
import org.nesjam.dataset.TokenDataset;
import java.util.concurrent.Callable;
import org.nesjam.app.Progress;
import org.nesjam.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Vocab;

/**
 * {@code nesjam dataset}: tokenises a folder of NES-MDB MIDI files (or, with {@code --arrange}, of any General MIDI
 * files, arranged by {@link Arranger}) into a TX1 token file for the trainer (format: {@link TokenDataset}).
 * {@code --valid-out} holds out a stable fraction of the files (by path hash) as an eval-protocol file.
 * Progress (every tenth of the files) only on a terminal. [main-thread; worker threads inside TokenDataset]
 */
@Command(name = "dataset", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "A TX1 token file (uint16 LE + FILE.json) for training, from a folder of"
                + " MIDI files.")
final class DatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--in", paramLabel = "DIR", required = true, description = "a folder of MIDI files")
    String in;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the token file to write")
    String out;

    private int augment;
    private long seed = 1;
    private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private double fraction = 0.03;

    @Option(names = "--augment", paramLabel = "N", description = "augmented passes, 0..1000 (default 0)")
    void augment(int n) {
        augment = Checks.range(spec, "--augment", n, 0, 1000);
    }

    @Option(names = "--seed", paramLabel = "S", description = "augmentation seed (default 1)")
    void seed(long s) {
        seed = s;
    }

    @Option(names = "--threads", paramLabel = "T", description = "worker threads, 1..64 (default 2)")
    void threads(int t) {
        threads = Checks.range(spec, "--threads", t, 1, 64);
    }

    @Option(names = "--valid-out", paramLabel = "FILE", description = "hold out a stable fraction of the files as"
            + " an eval-protocol token file")
    String validOut;

    @Option(names = "--valid-fraction", paramLabel = "F", description = "the held-out fraction, above 0 and below 1"
            + " (default 0.03)")
    void fraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw Checks.error(spec, "--valid-fraction must be between 0 and 1, got " + Checks.num(f));
        }
        fraction = f;
    }

    @Option(names = "--eval", description = "eval protocol (no augmentation, whole songs)")
    boolean evalProtocol;

    @Option(names = "--arrange", description = "the files are any General MIDI: arrange them first")
    boolean arrange;

    @Mixin
    ForceOption force;

    @Override
    public Integer call() throws Exception {
        Path dir = Path.of(in);
        if (!Files.isDirectory(dir)) {
            throw new UserError(in + ": not a directory");
        }
        List<Path> files = TokenDataset.findMidiFiles(dir);
        if (files.isEmpty()) {
            throw new UserError(in + ": no MIDI files (.mid, .midi) found");
        }
        Path outPath = OutputFile.choose("--out", out, List.of("tok"), force.force, System.err);
        Path vPath = validOut == null ? null : OutputFile.choose("--valid-out", validOut, List.of("tok"), force.force,
                System.err);
        List<Path> train = files;
        List<Path> valid = List.of();
        if (validOut != null) {
            train = new ArrayList<>();
            valid = new ArrayList<>();
            for (Path f : files) {
                (heldOut(dir.relativize(f).toString(), fraction) ? valid : train).add(f);
            }
        }
        boolean eval = evalProtocol;
        TokenDataset.SongSource source = arrange ? DatasetCommand::arrangedSong : NesMidi::read;
        String label = (arrange ? "arranged General MIDI (nesjam arrange) " : "NES-MDB MIDI ")
                + dir.toAbsolutePath().normalize();
        System.err.printf(Locale.ROOT, "dataset: %d files from %s, %s, %d threads%n", train.size(), in,
                augment > 0 ? augment + " augmented passes, seed " + seed : "no augmentation", threads);
        TokenDataset.Stats s = TokenDataset.write(train, outPath, source,
                new TokenDataset.Options(augment, seed, eval, threads), label, Progress.enabled() ? System.err : null);
        report(outPath, s);
        if (validOut != null) {
            System.err.printf(Locale.ROOT, "dataset: %d held-out files -> %s (eval protocol, no augmentation)%n",
                    valid.size(), vPath);
            TokenDataset.Stats v = TokenDataset.write(valid, vPath, source,
                    new TokenDataset.Options(0, seed, true, threads), label + " (held out)", Progress.enabled() ? System.err : null);
            report(vPath, v);
        }
        return 0;
    }

    /** An arranged song for pre-training; drums-only arrangements are rejected (no pitched voice to learn). */
    static NesSong arrangedSong(Path file) throws IOException {
        NesSong song = Arranger.arrangeSong(file);
        for (NesNote n : song.notes()) {
            if (n.voice().pitched()) {
                return song;
            }
        }
        throw new ArrangeException(file.getFileName() + ": only drums after arrangement");
    }

    /** Stable held-out split by file path: independent of seed, order and thread count. */
    static boolean heldOut(String relativePath, double fraction) {
        long h = 1125899906842597L;
        for (int i = 0; i < relativePath.length(); i++) {
            h = 31 * h + relativePath.charAt(i);
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) / (double) (1L << 53) < fraction;
    }

    private static void report(Path out, TokenDataset.Stats s) throws IOException {
        if (s.songs == 0) {
            throw new UserError("no song could be tokenised" + (s.errors.isEmpty() ? "" : "; first error: "
                    + s.errors.get(0)));
        }
        System.out.printf(Locale.ROOT, "%s: %d songs, %d tokens (%d events), %.1f h of music, %.2f event tokens/s"
                        + " of music, %d files failed, %d songs skipped, %.1f s; vocab %d sha256 %s%n",
                out, s.songs, s.tokens, s.eventTokens, s.seconds / 3600, s.eventTokensPerSecond(), s.filesFailed,
                s.songsSkipped, s.wallSeconds, Tx1Vocab.SIZE, Tx1Vocab.checksum());
        for (String e : s.errors.subList(0, Math.min(3, s.errors.size()))) {
            System.err.println("  skipped: " + e);
        }
    }
}
