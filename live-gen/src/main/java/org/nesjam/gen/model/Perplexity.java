package org.nesjam.gen.model;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;

/**
 * LakhNES's evaluation protocol over a directory of NES-MDB MIDI files: each song's events with leading and
 * trailing waits trimmed, as {@code <S> events <S>} ({@link Tx1Codec#evalSequence}); songs shorter than 10 tokens
 * skipped; the model predicts every token after the first; PPL = exp(mean negative log-likelihood over all
 * predicted tokens of all songs). Context: each song starts from an empty cache; every token sees all previous
 * tokens of its song up to the model's window (a sliding window beyond it, fed through the ring cache in chunks of
 * {@link ModelRunner#PREFILL_CHUNK}). With a {@link SongCache}, the same pass also scores the mixture of the model
 * with the in-song cache, which sees only the song's past tokens (the figure of the model as {@code generate} and
 * {@code jam} sample it). [main-thread]
 */
public final class Perplexity {
    /** The protocol, one line. */
    public static final String PROTOCOL = "LakhNES: per song <S> events <S> (leading/trailing waits trimmed, "
            + "songs < 10 tokens skipped), mean NLL over every token after the first, each song from an empty "
            + "context, each token sees up to the model's context - 1 tokens of its song";

    /**
     * LakhNES's valid perplexities (Donahue et al. 2019, Transformer-XL): NES-MDB only, with augmentation, with Lakh
     * MIDI pre-training. Compare valid with valid: its test figures are 3.50 / 2.74 / 2.46.
     */
    public static final String LAKHNES_VALID = "LakhNES valid PPL: 4.10 (NES-MDB only), 3.18 (+ augmentation), "
            + "2.80 (+ Lakh MIDI pre-training)";

    /** Receives progress after each song (songs done, songs in all). [main-thread] */
    @FunctionalInterface
    public interface Progress {
        void songDone(int done, int total);
    }

    /** Totals of one evaluation. */
    /**
     * @param ppl      the model alone
     * @param cachePpl the model mixed with the in-song cache (NaN when evaluated without one)
     */
    public record Result(double ppl, double meanNll, double cachePpl, long tokens, int songs, int skipped, int failed,
                         List<String> firstErrors) {
    }

    private Perplexity() {
    }

    /** The NES-MDB MIDI files directly in {@code dir} (sorted). */
    public static List<Path> midiFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (n.endsWith(".mid") || n.endsWith(".midi"));
            }).sorted().toList();
        }
    }

    /** Evaluates {@code files}; unreadable files are counted in {@code failed} and skipped. */
    public static Result evaluate(NesModel model, List<Path> files) throws ModelException {
        return evaluate(model, files, null, null);
    }

    /**
     * Evaluates {@code files}, also with {@code cache} mixed in (null = the model alone); unreadable files are
     * counted in {@code failed} and skipped; {@code progress} (may be null) hears of every file.
     */
    public static Result evaluate(NesModel model, List<Path> files, SongCache cache, Progress progress)
            throws ModelException {
        double nll = 0;
        double cacheNll = 0;
        long count = 0;
        int songs = 0;
        int skipped = 0;
        int failed = 0;
        List<String> errors = new ArrayList<>();
        try (ModelRunner runner = model.newRunner(0)) {
            double[] acc = new double[2];
            int done = 0;
            for (Path f : files) {
                if (progress != null) {
                    progress.songDone(done++, files.size());
                }
                int[] seq;
                try {
                    NesSong song = NesMidi.read(f);
                    seq = Tx1Codec.evalSequence(song);
                } catch (IOException | RuntimeException e) {
                    failed++;
                    if (errors.size() < 5) {
                        errors.add(f.getFileName() + ": " + e.getMessage());
                    }
                    continue;
                }
                if (seq == null) {
                    skipped++;
                    continue;
                }
                runner.reset();
                acc[0] = 0;
                acc[1] = 0;
                final int[] s = seq;
                runner.prefill(seq, 0, seq.length - 1, (pos, lg) -> {
                    int target = s[(int) pos + 1];
                    double modelNll = nll(lg, target);
                    acc[0] += modelNll;
                    if (cache != null) {
                        cache.compute(s, 0, (int) pos + 1);
                        double p = cache.modelWeight() * Math.exp(-modelNll) + cache.weight(target);
                        acc[1] -= Math.log(p);
                    }
                });
                nll += acc[0];
                cacheNll += acc[1];
                count += seq.length - 1;
                songs++;
            }
        }
        double mean = count == 0 ? Double.NaN : nll / count;
        double cachePpl = cache == null || count == 0 ? Double.NaN : Math.exp(cacheNll / count);
        return new Result(Math.exp(mean), mean, cachePpl, count, songs, skipped, failed, errors);
    }

    /** -log softmax(logits)[target], computed stably in double. */
    static double nll(FloatBuffer lg, int target) {
        int off = lg.position();
        int v = lg.remaining() < 1 ? 0 : Math.min(lg.remaining(), org.nesjam.gen.tokens.Tx1Vocab.SIZE);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, lg.get(off + i));
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            sum += Math.exp(lg.get(off + i) - max);
        }
        return Math.log(sum) + max - lg.get(off + target);
    }
}
