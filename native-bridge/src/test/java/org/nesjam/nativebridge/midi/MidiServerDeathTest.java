package org.nesjam.nativebridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;
import org.nesjam.testsupport.Require;

/**
 * The JACK server dies (SIGKILL) under nesjam's open MIDI ports: sending must neither block the callers nor make
 * RtMidi spin (its queue is never drained again, and after ~2,350 messages it busy-waits forever), and closing must
 * finish. Runs nesjam's side in a child JVM ({@link MidiFaultMain}) on a private dummy server.
 */
class MidiServerDeathTest {

    private static Path onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void serverKilledUnderOpenMidiPorts(@TempDir Path dir) throws Exception {
        Path jackd = onPath("jackd");
        Require.that(jackd != null, "jackd not installed");
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        // A fixed name on purpose: JACK2 keeps a SIGKILLed server's registry slot (8 in all) until a server of the
        // same name registers again, so per-run names leak a slot per run ("Too many servers already active").
        String server = "nesjammidideath";
        ProcessBuilder spb = new ProcessBuilder(jackd.toString(), "-n", server, "-r", "-d", "dummy", "-r", "48000",
                "-p", "256").redirectErrorStream(true).redirectOutput(dir.resolve("jackd.log").toFile());
        spb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        Process jack = spb.start();
        Process child = null;
        try {
            ProcessBuilder wpb = new ProcessBuilder("jack_wait", "-w", "-t", "10").redirectErrorStream(true);
            wpb.environment().put("JACK_DEFAULT_SERVER", server);
            Process wait = wpb.start();
            // JACK2 allows few servers at once ("Too many servers already active"): skip locally, fail in CI
            Require.that(wait.waitFor(15, TimeUnit.SECONDS) && wait.exitValue() == 0,
                    "private JACK server did not start: " + Files.readString(dir.resolve("jackd.log")).strip());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder cpb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    MidiFaultMain.class.getName()).redirectErrorStream(true);
            cpb.environment().put("JACK_DEFAULT_SERVER", server);
            cpb.environment().put("JACK_NO_START_SERVER", "1");
            child = cpb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                lines.add(line);
            }
            assertEquals("READY", line, "child output: " + lines);
            jack.destroyForcibly();
            assertTrue(jack.waitFor(10, TimeUnit.SECONDS), "jackd did not die");
            OutputStream in = child.getOutputStream();
            in.write('\n');
            in.flush();
            String result = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
                lines.add(line);
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child hung after the server died");
            assertEquals(0, child.exitValue(), "child output: " + lines);
            assertNotNull(result, "child output: " + lines);
            Matcher m = Pattern.compile("RESULT sent=(\\d+) dropped=(\\d+) closeMillis=(\\d+)").matcher(result);
            assertTrue(m.matches(), result);
            long sent = Long.parseLong(m.group(1));
            long dropped = Long.parseLong(m.group(2));
            long closeMillis = Long.parseLong(m.group(3));
            assertTrue(sent < 2000, "messages handed to RtMidi after the server died: " + result);
            assertEquals(5010, sent + dropped, result);
            assertTrue(closeMillis < 5000, "close took " + closeMillis + " ms");
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
            jack.destroyForcibly();
        }
    }
}
