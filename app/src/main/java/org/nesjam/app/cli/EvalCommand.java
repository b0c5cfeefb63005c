package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nesjam.app.Progress;
import org.nesjam.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.model.Perplexity;
import org.nesjam.gen.model.SongCache;

/**
 * {@code nesjam eval --data DIR}: LakhNES-protocol perplexity of the model over every NES-MDB MIDI
 * file in DIR ({@link Perplexity}). Prints the PPL, the token count and the protocol, one line each. [main-thread]
 */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "LakhNES perplexity over the NES-MDB MIDI files in DIR, of the model alone"
                + " and mixed with the in-song cache at --structure (0 = off).")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true, description = "a folder of NES-MDB MIDI files")
    String data;

    @Mixin
    ModelOption modelOption;
    @Mixin
    StructureOption structure;

    @Override
    public Integer call() throws Exception {
        List<Path> files = midiFiles(data);
        SongCache cache = structure.cache();
        Progress progress = new Progress("eval", "songs", files.size());
        progress.note("loading the model");
        try (NesModel model = modelOption.load()) {
            long t0 = System.nanoTime();
            Perplexity.Result r;
            try {
                progress.note("0/" + files.size() + " songs");
                r = Perplexity.evaluate(model, files, cache, (done, total) -> progress.update(done));
                progress.done();
            } catch (ModelException e) {
                progress.done();
                throw new UserError(e.getMessage());
            }
            if (r.tokens() == 0) {
                throw new UserError(data + ": no song could be evaluated (" + r.failed() + " unreadable, " + r.skipped()
                        + " shorter than 10 tokens)" + (r.firstErrors().isEmpty() ? "" : "; " + r.firstErrors().get(0)));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "PPL %.4f%n", r.ppl());
            if (cache != null) {
                System.out.printf(Locale.ROOT, "PPL with the in-song cache %.4f (structure %.2f, back-off %.2f, history %d"
                        + " tokens)%n", r.cachePpl(), structure.structure, cache.backoff(), cache.historyTokens());
            }
            System.out.printf(Locale.ROOT, "tokens %d (predicted tokens; %d songs, %d skipped < 10 tokens, %d unreadable)%n",
                    r.tokens(), r.songs(), r.skipped(), r.failed());
            System.out.println("protocol " + Perplexity.PROTOCOL + "; model " + model.source() + " ("
                    + model.info().describe() + "), context " + model.info().context());
            System.out.println(Perplexity.LAKHNES_VALID + String.format(Locale.ROOT,
                    "; this model%s: %.2fx LakhNES's NES-MDB-only figure", cache != null ? " with the cache" : "",
                    (cache != null ? r.cachePpl() : r.ppl()) / 4.10));
            System.err.printf(Locale.ROOT, "eval: %.1f s, %.0f tokens/s%n", secs, r.tokens() / secs);
            for (String e : r.firstErrors()) {
                System.err.println("eval: skipped " + e);
            }
        }
        return 0;
    }

    /**
     * The MIDI files directly in folder {@code data} ({@link Perplexity#midiFiles}, sorted); a folder that is missing,
     * unreadable or holds none is a one-line {@link UserError}. Shared by the commands that read a folder of songs.
     */
    static List<Path> midiFiles(String data) {
        Path dir = Path.of(data);
        if (!Files.isDirectory(dir)) {
            throw new UserError(data + ": not a directory");
        }
        List<Path> files;
        try {
            files = Perplexity.midiFiles(dir);
        } catch (IOException e) {
            throw new UserError(data + ": cannot list: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new UserError(data + ": no MIDI files (.mid) in this directory");
        }
        return files;
    }
}
