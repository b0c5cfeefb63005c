package org.nesjam.nativebridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.audio.SignalAnalysis;
import org.nesjam.testsupport.Require;

/**
 * A JACK server that dies mid-play: nesjam (a child JVM running {@link JackFaultMain} on a private dummy server)
 * says so in one line, stops without hanging, and the WAV recording in progress is finalized and playable.
 * Run for a polite shutdown (SIGTERM) and a crash (SIGKILL).
 */
class JackServerDeathTest {
    private static final String EOF = "\u0000EOF";

    static Path jackd() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "jackd");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void serverTerminated(@TempDir Path dir) throws Exception {
        run(dir, false);
    }

    @Test
    void serverKilled(@TempDir Path dir) throws Exception {
        run(dir, true);
    }

    private void run(Path dir, boolean kill) throws Exception {
        Path jackd = jackd();
        Require.that(jackd != null, "jackd not installed");
        // A name unique to this run (concurrent test runs on one machine must not share a server). JACK2 frees the
        // registry slot of a killed server only when a server of the same name starts again, so after SIGKILL
        // the finally block starts and stops one (otherwise each run would leak one of JACK2's 8 slots).
        String server = "nesjamdeath" + ProcessHandle.current().pid() + (kill ? "k" : "t");
        ProcessBuilder spb = new ProcessBuilder(jackd.toString(), "-n", server, "-r", "-d", "dummy", "-r", "48000",
                "-p", "256").redirectErrorStream(true).redirectOutput(dir.resolve("jackd.log").toFile());
        spb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        Process jack = spb.start();
        Process child = null;
        try {
            ProcessBuilder wpb = new ProcessBuilder("jack_wait", "-w", "-t", "10").redirectErrorStream(true);
            wpb.environment().put("JACK_DEFAULT_SERVER", server);
            Process wait = wpb.start();
            assertTrue(wait.waitFor(15, TimeUnit.SECONDS) && wait.exitValue() == 0,
                    "private JACK server did not start: " + Files.readString(dir.resolve("jackd.log")));
            Path wav = dir.resolve("rec.wav");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder cpb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    JackFaultMain.class.getName(), wav.toString()).redirectErrorStream(true);
            cpb.environment().put("JACK_DEFAULT_SERVER", server);
            cpb.environment().put("JACK_NO_START_SERVER", "1");
            cpb.environment().remove("NESJAM_DEBUG");
            child = cpb.start();
            BlockingQueue<String> output = new LinkedBlockingQueue<>();
            Process c = child;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        output.add(l);
                    }
                } catch (java.io.IOException e) {
                    output.add("read failed: " + e);
                }
                output.add(EOF);
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = output.poll(30, TimeUnit.SECONDS)) != null && !line.equals("READY") && !line.equals(EOF)) {
                lines.add(line);
            }
            assertEquals("READY", line, "child output: " + lines);
            // let at least a quarter second reach the file (a loaded machine runs a non-realtime dummy server
            // slower than real time), then at least one more second, at most 15 s in all
            long waitEnd = System.nanoTime() + 15_000_000_000L;
            Thread.sleep(1000);
            while ((Files.exists(wav) ? Files.size(wav) : 0) < 44 + 48_000 && System.nanoTime() < waitEnd) {
                Thread.sleep(50);
            }
            if (kill) {
                jack.destroyForcibly();
            } else {
                jack.destroy();
            }
            long t0 = System.nanoTime();
            assertTrue(child.waitFor(15, TimeUnit.SECONDS), "nesjam hung after the server died");
            double seconds = (System.nanoTime() - t0) / 1e9;
            while ((line = output.poll(5, TimeUnit.SECONDS)) != null && !line.equals(EOF)) {
                lines.add(line);
            }
            assertEquals(0, child.exitValue(), "child output: " + lines);
            // exactly one line about it: libjack's own messages are routed away (JackMessages)
            assertEquals(List.of("jack: the JACK server '" + server + "' shut down", "CLOSED"), lines);
            assertTrue(seconds < 10, "took " + seconds + " s");
            // the recording is a valid WAV holding the note
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(b.capacity() - 8, b.getInt(4), "RIFF size patched");
            assertEquals(b.capacity() - 44, b.getInt(40), "data size patched");
            int frames = b.getInt(40) / 4;
            // a loaded machine runs a non-realtime dummy server slower than real time: ask for a quarter second
            assertTrue(frames > 48_000 / 4, "at least a quarter second recorded: " + frames);
            float[] left = new float[frames];
            for (int i = 0; i < frames; i++) {
                left[i] = b.getShort(44 + 4 * i) / 32768f;
            }
            int onset = SignalAnalysis.firstAbove(left, 0, frames, 0.01f);
            assertTrue(onset >= 0 && onset + 5000 < frames, "note recorded");
            assertEquals(440.0, SignalAnalysis.pitchHz(left, onset + 100, 4800, 48_000, 100, 2000), 1.0);
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
            jack.destroyForcibly();
            jack.waitFor(5, TimeUnit.SECONDS);
            if (kill) {
                reclaimRegistrySlot(jackd, server, dir);
            }
        }
    }

    /** Start and politely stop a server named {@code server}, which frees a killed server's registry slot. */
    private static void reclaimRegistrySlot(Path jackd, String server, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(jackd.toString(), "-n", server, "-r", "-d", "dummy", "-r", "48000",
                "-p", "256").redirectErrorStream(true).redirectOutput(dir.resolve("reclaim.log").toFile());
        pb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        Process p = pb.start();
        ProcessBuilder wpb = new ProcessBuilder("jack_wait", "-w", "-t", "5").redirectErrorStream(true);
        wpb.environment().put("JACK_DEFAULT_SERVER", server);
        Process wait = wpb.start();
        wait.waitFor(8, TimeUnit.SECONDS);
        wait.destroyForcibly();
        p.destroy(); // SIGTERM: the server unregisters itself
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
