package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nesjam.app.Progress;
import org.nesjam.app.UserError;
import org.nesjam.app.render.ApuRender;
import org.nesjam.app.render.MidiSong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nesjam.apu.FilterMode;
import org.nesjam.midi.MidiFormatException;
import org.nesjam.threads.NesjamThread;

/**
 * {@code nesjam check-midi DIR}: reads every {@code .mid}/{@code .midi} file
 * under DIR and renders it through the APU to nowhere, or records the reader's one-line rejection; each file gets a
 * time limit. Prints one summary line: files, rendered, rejected by reason, crashes (any other exception or a plugin
 * fault), timeouts. Exit 0 only with zero crashes and zero timeouts. A robustness benchmark, not a unit test.
 * [main-thread; files run on worker threads]
 */
@Command(name = "check-midi", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "Read and render (to nowhere) every MIDI file under DIR; one summary line."
                + " Exit 0 only without crashes and timeouts.")
final class CheckMidiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "a folder of MIDI files (searched recursively)")
    Path dir;

    private long timeoutMs = 20000;
    private int jobs = 1;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "time limit per file, 1..3600000 ms (default"
            + " 20000)")
    void timeout(int ms) {
        timeoutMs = Checks.range(spec, "--timeout-ms", ms, 1, 3_600_000);
    }

    @Option(names = "--jobs", paramLabel = "N", description = "files at once, 1..64 (default 1)")
    void jobs(int n) {
        jobs = Checks.range(spec, "--jobs", n, 1, 64);
    }

    @Mixin
    RateOption rateOption;

    /** Outcome of one file. */
    private record Outcome(Path file, String kind, String detail, double audioSeconds) {
    }

    /** Thrown from the progress callback when a file's time is up. */
    private static final class Deadline extends RuntimeException {
        Deadline() {
            super(null, null, false, false);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + ": not a directory");
        }
        int rate = rateOption.rate;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".mid") || n.endsWith(".midi");
            }).sorted().collect(Collectors.toList());
        }
        ApuRender.Options options = new ApuRender.Options(rate, false, FilterMode.NES);
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = newPool(jobs);
        List<Future<Outcome>> pending = new ArrayList<>();
        List<Path> pendingFiles = new ArrayList<>();
        int nextIndex = 0;
        int done = 0;
        long lastReport = start;
        Progress progress = new Progress("check-midi", "files", files.size());
        while (done < files.size()) {
            while (pending.size() < jobs && nextIndex < files.size()) {
                Path f = files.get(nextIndex++);
                long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
                pending.add(pool.submit(() -> check(f, options, deadline)));
                pendingFiles.add(f);
            }
            Future<Outcome> first = pending.remove(0);
            Path file = pendingFiles.remove(0);
            Outcome o;
            try {
                o = first.get(timeoutMs + 2000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                first.cancel(true);
                o = new Outcome(file, "timeout", "no result after " + (timeoutMs + 2000) + " ms", 0);
                pool.shutdownNow();
                pool = newPool(jobs); // the stuck thread is a daemon and is abandoned
                for (int i = 0; i < pending.size(); i++) {
                    pending.get(i).cancel(true);
                }
                nextIndex -= pending.size();
                pending.clear();
                pendingFiles.clear();
            } catch (java.util.concurrent.ExecutionException e) {
                o = new Outcome(file, "crash", String.valueOf(e.getCause()), 0);
            }
            outcomes.add(o);
            done++;
            if (o.kind().equals("crash") || o.kind().equals("timeout")) {
                System.err.println("check-midi: " + o.kind() + ": " + o.file() + ": " + o.detail());
            }
            long now = System.nanoTime();
            progress.update(done);
            if (!Progress.enabled() && now - lastReport > 30_000_000_000L) {
                lastReport = now;
                System.err.println("(" + done + "/" + files.size() + ") " + summary(outcomes, (now - start) / 1e9));
            }
        }
        pool.shutdownNow();
        progress.done();
        System.out.println(summary(outcomes, (System.nanoTime() - start) / 1e9));
        long bad = outcomes.stream().filter(o -> o.kind().equals("crash") || o.kind().equals("timeout")).count();
        return bad == 0 ? 0 : 1;
    }

    private static ExecutorService newPool(int jobs) {
        return Executors.newFixedThreadPool(jobs, NesjamThread.CHECK_MIDI.daemonFactory());
    }

    /** Read and render one file; never throws for bad content (only for crashes). */
    private static Outcome check(Path file, ApuRender.Options options, long deadlineNanos) {
        MidiSong song;
        try {
            song = MidiSong.read(file, options.sampleRate());
        } catch (MidiFormatException e) {
            return new Outcome(file, "rejected", reason(e.getMessage(), file), 0);
        } catch (IOException e) {
            return new Outcome(file, "rejected", "unreadable", 0);
        } catch (Throwable t) {
            return new Outcome(file, "crash", "reader: " + t, 0);
        }
        try {
            ApuRender.render(song, options, null, frames -> {
                if (System.nanoTime() > deadlineNanos) {
                    throw new Deadline();
                }
            });
            return new Outcome(file, "rendered", "", song.lengthFrames() / (double) options.sampleRate());
        } catch (Deadline d) {
            return new Outcome(file, "timeout", "render did not finish in time (" + song.seconds() + " s song)", 0);
        } catch (Throwable t) {
            return new Outcome(file, "crash", "render: " + t, 0);
        }
    }

    /** The reader's message without the file name, positions and numbers: a reason to count by. */
    static String reason(String message, Path file) {
        String m = message == null ? "?" : message;
        String name = file.getFileName().toString();
        int at = m.indexOf(name + ": ");
        if (at >= 0) {
            m = m.substring(at + name.length() + 2);
        }
        m = m.replaceAll("\\s*\\((track|byte|at)[^)]*\\)", "").replaceAll("[0-9]+(\\.[0-9]+)?", "N").trim();
        return m.length() > 60 ? m.substring(0, 60) : m;
    }

    static String summary(List<Outcome> outcomes, double tookSeconds) {
        long rendered = 0;
        long crashes = 0;
        long timeouts = 0;
        double audio = 0;
        Map<String, Integer> rejected = new TreeMap<>();
        for (Outcome o : outcomes) {
            switch (o.kind()) {
                case "rendered" -> {
                    rendered++;
                    audio += o.audioSeconds();
                }
                case "rejected" -> rejected.merge(o.detail(), 1, Integer::sum);
                case "timeout" -> timeouts++;
                default -> crashes++;
            }
        }
        int rejectedCount = rejected.values().stream().mapToInt(Integer::intValue).sum();
        String reasons = rejected.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        return String.format(Locale.ROOT, "check-midi: %d files, %d rendered (%.1f h of audio), %d rejected%s,"
                        + " %d crashes, %d timeouts, %.0f s", outcomes.size(), rendered, audio / 3600, rejectedCount,
                rejectedCount == 0 ? "" : " (" + reasons + ")", crashes, timeouts, tookSeconds);
    }
}
