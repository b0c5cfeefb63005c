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
        // A fixed name: JACK2 reclaims the registry slot of a killed server only when a server of the same name
        // starts again (a fresh name per run would leak one of its 8 slots per SIGKILL).
        String server = kill ? "nesjamdeathk" : "nesjamdeatht";
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
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                lines.add(line);
            }
            assertEquals("READY", line, "child output: " + lines);
            Thread.sleep(700);
            if (kill) {
                jack.destroyForcibly();
            } else {
                jack.destroy();
            }
            long t0 = System.nanoTime();
            assertTrue(child.waitFor(15, TimeUnit.SECONDS), "nesjam hung after the server died");
            double seconds = (System.nanoTime() - t0) / 1e9;
            while ((line = out.readLine()) != null) {
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
            assertTrue(frames > 48_000 / 2, "at least half a second recorded: " + frames);
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
        }
    }
}
