package org.nesjam.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.json.Json;
import org.nesjam.threads.NesjamThread;

/**
 * Token files for the trainer: the tokenisation of a folder of MIDI files, written once, in Java.
 *
 * <p><b>Format</b> ({@code FILE}): little-endian unsigned 16-bit TX1 token ids ({@link Tx1Vocab}), no header.
 * The stream starts with {@code <S>} (id 0) and every song is followed by {@code <S>}:
 * {@code <S> song1 <S> song2 <S> ... songN <S>}, so each song with its two neighbouring separators is
 * LakhNES's {@code <S> events <S>}. A JSON sidecar {@code FILE.json} records the vocabulary size and checksum,
 * song and token counts, seconds of music, the protocol and the source.
 *
 * <p><b>Protocols</b>: {@code train} writes each song's full event list (leading and trailing waits kept, as
 * LakhNES trains); {@code eval} writes LakhNES's evaluation sequences ({@link Tx1Codec#evalSequence}: waits
 * trimmed at both ends, songs under 10 tokens with their separators skipped). Songs without any note are
 * skipped in both.
 *
 * <p><b>Augmentation</b>: with {@code augmentPasses} = N > 0 the file holds N passes over all songs, each
 * song in each pass drawn through {@link Augment#random} with its own generator seeded from
 * (seed, pass, file name), so the output does not depend on the thread count or on other files. Pass 0 comes
 * first, then pass 1, and so on. With N = 0 the songs are written once, unchanged.
 *
 * <p>Threads: {@code threads} worker threads read and encode files; the calling thread writes in file order.
 */
public final class TokenDataset {
    /** Reads one file into a song; throws with a one-line message when the file cannot be used. */
    @FunctionalInterface
    public interface SongSource {
        NesSong read(Path file) throws IOException;
    }

    /**
     * @param augmentPasses 0 = each song once, unchanged; N > 0 = N randomly augmented passes
     * @param evalProtocol write LakhNES evaluation sequences instead of training sequences
     * @param threads worker threads (>= 1)
     */
    public record Options(int augmentPasses, long seed, boolean evalProtocol, int threads) {
        public Options {
            if (augmentPasses < 0 || threads < 1) {
                throw new IllegalArgumentException("bad options " + augmentPasses + "/" + threads);
            }
        }
    }

    /** What a build wrote. */
    public static final class Stats {
        public int filesTotal;
        public int filesFailed;
        public int songs;
        public int songsSkipped;
        /** All tokens in the file, separators included. */
        public long tokens;
        /** Tokens that are events (separators excluded). */
        public long eventTokens;
        /** Seconds of music written (song lengths, augmented lengths summed over passes). */
        public double seconds;
        public double wallSeconds;
        public final List<String> errors = new ArrayList<>();

        public double eventTokensPerSecond() {
            return seconds > 0 ? eventTokens / seconds : 0;
        }
    }

    private TokenDataset() {
    }

    /** Every {@code .mid}/{@code .midi} file under {@code dir} (recursive), sorted by path. */
    public static List<Path> findMidiFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".mid") || n.endsWith(".midi");
            }).sorted().toList();
        }
    }

    /**
     * Tokenises {@code files} into {@code out} (replaced atomically) and writes {@code out.json}.
     * Files that fail to read are counted and skipped (the first few messages are kept in
     * {@link Stats#errors}); an {@link IOException} only for output problems.
     */
    public static Stats write(List<Path> files, Path out, SongSource source, Options options, String sourceLabel,
                              PrintStream progress) throws IOException {
        long t0 = System.nanoTime();
        Stats stats = new Stats();
        stats.filesTotal = files.size();
        int passes = Math.max(1, options.augmentPasses());
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<Path> parts = new ArrayList<>();
        List<OutputStream> streams = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), NesjamThread.DATASET.daemonFactory());
        try {
            for (int p = 0; p < passes; p++) {
                Path part = Files.createTempFile(dir, ".nesjam-tok-", ".part");
                parts.add(part);
                streams.add(new BufferedOutputStream(Files.newOutputStream(part), 1 << 16));
            }
            writeIds(streams.get(0), new int[] {Tx1Vocab.SEP}, 0, 1);
            stats.tokens = 1;
            int window = options.threads() * 16;
            int nextReport = 1;
            for (int start = 0; start < files.size(); start += window) {
                int end = Math.min(files.size(), start + window);
                List<Future<FileResult>> futures = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    Path f = files.get(i);
                    futures.add(pool.submit(() -> encodeFile(f, source, options, passes)));
                }
                for (Future<FileResult> fu : futures) {
                    FileResult r = get(fu);
                    if (r.error != null) {
                        stats.filesFailed++;
                        if (stats.errors.size() < 20) {
                            stats.errors.add(r.error);
                        }
                        continue;
                    }
                    for (int p = 0; p < passes; p++) {
                        int[] seq = r.sequences[p];
                        if (seq == null) {
                            stats.songsSkipped++;
                            continue;
                        }
                        writeIds(streams.get(p), seq, 0, seq.length);
                        writeIds(streams.get(p), new int[] {Tx1Vocab.SEP}, 0, 1);
                        stats.songs++;
                        stats.tokens += seq.length + 1;
                        stats.eventTokens += seq.length;
                        stats.seconds += r.seconds[p];
                    }
                }
                if (progress != null && end * 10L / Math.max(1, files.size()) >= nextReport) {
                    nextReport = (int) (end * 10L / files.size()) + 1;
                    progress.printf(Locale.ROOT, "  %d/%d files, %d songs, %d tokens%n", end, files.size(),
                            stats.songs, stats.tokens);
                }
            }
            for (OutputStream s : streams) {
                s.close();
            }
            streams.clear();
            Path tmp = Files.createTempFile(dir, ".nesjam-tok-", ".tmp");
            try {
                try (OutputStream o = Files.newOutputStream(tmp)) {
                    for (Path part : parts) {
                        Files.copy(part, o);
                    }
                }
                makeReadable(tmp);
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } finally {
            pool.shutdownNow();
            for (OutputStream s : streams) {
                try {
                    s.close();
                } catch (IOException e) {
                    // already failing
                }
            }
            for (Path part : parts) {
                Files.deleteIfExists(part);
            }
        }
        stats.wallSeconds = (System.nanoTime() - t0) / 1e9;
        Files.writeString(sidecar(out), Json.write(sidecarJson(out, stats, options, sourceLabel)));
        return stats;
    }

    /** Temp files are created owner-only; token files are data for other users (the trainer) too: rw-r--r--. */
    private static void makeReadable(Path p) {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default
        }
    }

    /** The sidecar path of a token file: {@code FILE.json}. */
    public static Path sidecar(Path tokenFile) {
        return tokenFile.resolveSibling(tokenFile.getFileName() + ".json");
    }

    private static Map<String, Object> sidecarJson(Path out, Stats s, Options o, String sourceLabel) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", out.getFileName().toString());
        m.put("format", "uint16 little-endian TX1 token ids; <S> song1 <S> song2 <S> ... <S>");
        m.put("vocab", "LakhNES TX1");
        m.put("vocab_size", Tx1Vocab.SIZE);
        m.put("vocab_checksum_sha256", Tx1Vocab.checksum());
        m.put("wait_scheme", Tx1Codec.WAIT_SCHEME);
        m.put("separator_id", Tx1Vocab.SEP);
        m.put("protocol", o.evalProtocol() ? "eval (LakhNES: waits trimmed at both ends, songs < 10 tokens skipped)"
                : "train (full event lists)");
        m.put("augment_passes", o.augmentPasses());
        m.put("seed", o.seed());
        m.put("source", sourceLabel);
        m.put("files", s.filesTotal);
        m.put("files_failed", s.filesFailed);
        m.put("songs", s.songs);
        m.put("songs_skipped", s.songsSkipped);
        m.put("tokens", s.tokens);
        m.put("event_tokens", s.eventTokens);
        m.put("seconds_of_music", Math.round(s.seconds * 10) / 10.0);
        m.put("event_tokens_per_second_of_music", Math.round(s.eventTokensPerSecond() * 100) / 100.0);
        m.put("created_utc", Instant.now().toString());
        m.put("first_errors", List.copyOf(s.errors.subList(0, Math.min(5, s.errors.size()))));
        return m;
    }

    private static final class FileResult {
        String error;
        int[][] sequences;
        double[] seconds;
    }

    private static FileResult encodeFile(Path f, SongSource source, Options o, int passes) {
        FileResult r = new FileResult();
        NesSong song;
        try {
            song = source.read(f);
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage();
            r.error = msg != null && !msg.isBlank() ? msg : f + ": " + e;
            return r;
        }
        r.sequences = new int[passes][];
        r.seconds = new double[passes];
        long nameHash = f.getFileName().toString().hashCode();
        for (int p = 0; p < passes; p++) {
            NesSong s = song;
            if (o.augmentPasses() > 0) {
                SplittableRandom rnd = new SplittableRandom(mix(o.seed(), p, nameHash));
                s = Augment.random(song, rnd);
            }
            int[] seq;
            if (o.evalProtocol()) {
                int[] withSep = Tx1Codec.evalSequence(s);
                seq = withSep == null ? null : java.util.Arrays.copyOfRange(withSep, 1, withSep.length - 1);
            } else {
                seq = Tx1Codec.encode(s);
            }
            if (seq != null && !hasNoteOn(seq)) {
                seq = null;
            }
            r.sequences[p] = seq;
            r.seconds[p] = s.endSample() / (double) Tx1Vocab.SAMPLE_RATE;
        }
        return r;
    }

    private static boolean hasNoteOn(int[] seq) {
        for (int id : seq) {
            if (Tx1Vocab.isNoteOn(id)) {
                return true;
            }
        }
        return false;
    }

    private static long mix(long seed, int pass, long nameHash) {
        long z = seed * 0x9E3779B97F4A7C15L + (pass + 1) * 0xBF58476D1CE4E5B9L + nameHash * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static FileResult get(Future<FileResult> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("tokenising failed: " + e.getCause(), e.getCause());
        }
    }

    private static void writeIds(OutputStream out, int[] ids, int from, int to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((to - from) * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            b.putShort((short) ids[i]);
        }
        out.write(b.array());
    }

    /** Reads a token file back (for tests and tools); ids are checked against the vocabulary. */
    public static int[] read(Path tokenFile) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(tokenFile)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length % 2 != 0) {
            throw new IOException(tokenFile + ": odd length, not a uint16 token file");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] ids = new int[bytes.length / 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = b.getShort() & 0xFFFF;
            if (ids[i] >= Tx1Vocab.SIZE) {
                throw new IOException(tokenFile + ": token id " + ids[i] + " at " + i + " outside the vocabulary");
            }
        }
        return ids;
    }
}
