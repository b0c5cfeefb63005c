package org.nesjam.app;

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
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Vocab;

/**
 * {@code nesjam dataset}: tokenises a folder of NES-MDB MIDI files (or, with {@code --arrange}, of any General MIDI
 * files, arranged by {@link Arranger}) into a TX1 token file for the trainer (format: {@link TokenDataset}).
 * {@code --valid-out} holds out a stable fraction of the files (by path hash) as an eval-protocol file.
 * [main-thread; worker threads inside TokenDataset]
 */
public final class DatasetCommand implements CliCommand {
    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public String usage() {
        return "dataset --in DIR --out FILE [--augment N] [--seed S] [--arrange] [--eval] [--threads T]"
                + " [--valid-out FILE [--valid-fraction F]]   TX1 token file (uint16 LE + FILE.json) for training";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("in", "out", "augment", "seed", "threads", "valid-out", "valid-fraction");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("eval", "arrange");
    }

    @Override
    public int run(Args args) throws Exception {
        if (!args.positionals().isEmpty()) {
            throw new UserError("dataset: unexpected argument '" + args.positionals().get(0) + "'");
        }
        String in = args.get("in", null);
        String out = args.get("out", null);
        if (in == null || out == null) {
            throw new UserError("dataset needs --in DIR and --out FILE");
        }
        int augment = args.getInt("augment", 0);
        if (augment < 0 || augment > 1000) {
            throw new UserError("--augment must be 0..1000, got " + augment);
        }
        long seed = args.getInt("seed", 1);
        int threads = args.getInt("threads", Math.min(2, Runtime.getRuntime().availableProcessors()));
        if (threads < 1 || threads > 64) {
            throw new UserError("--threads must be 1..64, got " + threads);
        }
        boolean eval = args.flag("eval");
        Path dir = Path.of(in);
        if (!Files.isDirectory(dir)) {
            throw new UserError(in + ": not a directory");
        }
        List<Path> files = TokenDataset.findMidiFiles(dir);
        if (files.isEmpty()) {
            throw new UserError(in + ": no MIDI files (.mid, .midi) found");
        }
        Path outPath = Path.of(out);
        if (Files.isDirectory(outPath)) {
            throw new UserError(out + ": is a directory; give a file name for --out");
        }
        List<Path> train = files;
        List<Path> valid = List.of();
        String validOut = args.get("valid-out", null);
        if (validOut != null) {
            double fraction = args.getDouble("valid-fraction", 0.03);
            if (!(fraction > 0 && fraction < 1)) {
                throw new UserError("--valid-fraction must be between 0 and 1, got " + fraction);
            }
            train = new ArrayList<>();
            valid = new ArrayList<>();
            for (Path f : files) {
                (heldOut(dir.relativize(f).toString(), fraction) ? valid : train).add(f);
            }
        }
        boolean arrange = args.flag("arrange");
        TokenDataset.SongSource source = arrange ? DatasetCommand::arrangedSong : NesMidi::read;
        String label = (arrange ? "arranged General MIDI (nesjam arrange) " : "NES-MDB MIDI ")
                + dir.toAbsolutePath().normalize();
        System.err.printf(Locale.ROOT, "dataset: %d files from %s, %s, %d threads%n", train.size(), in,
                augment > 0 ? augment + " augmented passes, seed " + seed : "no augmentation", threads);
        TokenDataset.Stats s = TokenDataset.write(train, outPath, source,
                new TokenDataset.Options(augment, seed, eval, threads), label, System.err);
        report(outPath, s);
        if (validOut != null) {
            Path vPath = Path.of(validOut);
            System.err.printf(Locale.ROOT, "dataset: %d held-out files -> %s (eval protocol, no augmentation)%n",
                    valid.size(), validOut);
            TokenDataset.Stats v = TokenDataset.write(valid, vPath, source,
                    new TokenDataset.Options(0, seed, true, threads), label + " (held out)", System.err);
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
