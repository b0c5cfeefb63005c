package org.nesjam.nativebridge.jack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nesjam.testsupport.Require;

/**
 * A JACK server of the tests' own (dummy driver, 48 kHz unless told otherwise, 256 frames) for the tests that kill it under a child JVM
 * running nesjam, and the child processes themselves. A server that does not start skips locally and fails in CI
 * ({@link Require}): JACK2 allows few servers at once.
 * <p>
 * JACK2 frees the registry slot of a killed server only when a server of the same name starts again, so a test
 * that kills one calls {@link #reclaimSlot} afterwards (otherwise each run would leak one of JACK2's 8 slots).
 */
public final class PrivateJackServer implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    private final String name;
    private final Path log;
    private final Process process;

    private PrivateJackServer(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** An executable on the PATH, or null. */
    public static Path onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Starts server {@code name} at 48 kHz, logging to {@code log}, and waits until clients can connect. */
    public static PrivateJackServer start(String name, Path log) throws Exception {
        return start(name, log, 48_000);
    }

    /** Starts server {@code name} at {@code sampleRate}, logging to {@code log}, and waits until clients can connect. */
    public static PrivateJackServer start(String name, Path log, int sampleRate) throws Exception {
        Path jackd = onPath("jackd");
        Require.that(jackd != null, "jackd not installed");
        ProcessBuilder pb = new ProcessBuilder(jackd.toString(), "-n", name, "-r", "-d", "dummy", "-r",
                String.valueOf(sampleRate), "-p", "256").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        PrivateJackServer server = new PrivateJackServer(name, log, pb.start());
        ProcessBuilder wpb = new ProcessBuilder("jack_wait", "-w", "-t", "10").redirectErrorStream(true);
        wpb.environment().put("JACK_DEFAULT_SERVER", name);
        Process wait = wpb.start();
        boolean up = wait.waitFor(15, TimeUnit.SECONDS) && wait.exitValue() == 0;
        wait.destroyForcibly();
        if (!up) {
            server.close();
        }
        Require.that(up, "private JACK server did not start: " + Files.readString(log).strip());
        return server;
    }

    public String name() {
        return name;
    }

    /** SIGTERM (the server unregisters itself) or SIGKILL (a crash); waits until it is gone. */
    public void stop(boolean kill) throws InterruptedException {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Start and politely stop a server of this name, which frees a killed server's registry slot. */
    public void reclaimSlot() {
        try (PrivateJackServer again = start(name, log.resolveSibling(log.getFileName() + ".reclaim"))) {
            again.stop(false);
        } catch (Exception | AssertionError e) {
            // best effort: the slot stays taken until a server of this name runs again
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** A child JVM running {@code main} on this test's class path, as a client of {@code server}. */
    public static Child child(Class<?> main, String server, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JACK_DEFAULT_SERVER", server);
        pb.environment().put("JACK_NO_START_SERVER", "1");
        pb.environment().remove("NESJAM_DEBUG");
        return new Child(pb.start());
    }

    /** A child process whose output lines are read on a daemon thread. */
    public static final class Child implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
        private boolean lastMarkerSeen;

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        output.add(l);
                    }
                } catch (IOException e) {
                    output.add("read failed: " + e);
                }
                output.add(EOF);
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        public Process process() {
            return process;
        }

        /**
         * Lines up to (not including) {@code marker}, waiting at most {@code timeoutSeconds} for each; the marker
         * itself is not returned, so callers check with {@link #sawMarker}. A null marker reads to the end.
         */
        public List<String> linesUntil(String marker, long timeoutSeconds) throws InterruptedException {
            List<String> lines = new ArrayList<>();
            lastMarkerSeen = false;
            String line;
            while ((line = output.poll(timeoutSeconds, TimeUnit.SECONDS)) != null && !line.equals(EOF)) {
                if (line.equals(marker)) {
                    lastMarkerSeen = true;
                    break;
                }
                lines.add(line);
            }
            return lines;
        }

        /** Whether the last {@link #linesUntil} stopped at its marker. */
        public boolean sawMarker() {
            return lastMarkerSeen;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
