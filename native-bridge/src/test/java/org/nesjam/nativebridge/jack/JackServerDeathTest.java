package org.nesjam.nativebridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.testsupport.SignalAnalysis;

/**
 * A JACK server that dies mid-play: nesjam (a child JVM running {@link JackFaultMain} on a {@link PrivateJackServer})
 * says so in one line, stops without hanging, and the WAV recording in progress is finalized and playable. Run for
 * a polite shutdown (SIGTERM) and a crash (SIGKILL). And a server that comes back ({@link JackFaultMain}
 * {@code return}): nesjam plays on through it, into the next part of the recording.
 */
class JackServerDeathTest {
    /** A quarter second of 16-bit stereo at 48 kHz, after the WAV header. */
    private static final long QUARTER_SECOND_BYTES = 44 + 48_000;

    @Test
    void serverTerminated(@TempDir Path dir) throws Exception {
        run(dir, false);
    }

    @Test
    void serverKilled(@TempDir Path dir) throws Exception {
        run(dir, true);
    }

    private void run(Path dir, boolean kill) throws Exception {
        // a name unique to this run: concurrent test runs on one machine must not share a server
        String name = "nesjamdeath" + ProcessHandle.current().pid() + (kill ? "k" : "t");
        PrivateJackServer server = PrivateJackServer.start(name, dir.resolve("jackd.log"));
        Path wav = dir.resolve("rec.wav");
        try (PrivateJackServer s = server;
             PrivateJackServer.Child child = PrivateJackServer.child(JackFaultMain.class, name, wav.toString())) {
            List<String> lines = child.linesUntil("READY", 30);
            assertTrue(child.sawMarker(), "child output: " + lines);
            awaitAudio(wav);
            server.stop(kill);
            long t0 = System.nanoTime();
            assertTrue(child.process().waitFor(15, TimeUnit.SECONDS), "nesjam hung after the server died");
            double seconds = (System.nanoTime() - t0) / 1e9;
            lines = child.linesUntil(null, 5);
            assertEquals(0, child.process().exitValue(), "child output: " + lines);
            // exactly one line about it: libjack's own messages are routed away (JackMessages)
            assertEquals(List.of("jack: the JACK server '" + name + "' shut down", "CLOSED"), lines);
            assertTrue(seconds < 10, "took " + seconds + " s");
            assertPitch(wav, 440.0);
        } finally {
            if (kill) {
                server.reclaimSlot();
            }
        }
    }

    /**
     * The server is killed and a new one of the same name starts: nesjam says so in two lines, keeps the first
     * part of the recording, and plays on into the next part on a fresh client.
     */
    @Test
    void serverComesBack(@TempDir Path dir) throws Exception {
        comesBack(dir, 48_000);
    }

    /** The same when the new server runs at another sample rate: the engine's own chain follows it. */
    @Test
    void serverComesBackAtAnotherRate(@TempDir Path dir) throws Exception {
        comesBack(dir, 44_100);
    }

    private void comesBack(Path dir, int rateAgain) throws Exception {
        String name = "nesjamreturn" + ProcessHandle.current().pid() + "r" + rateAgain;
        PrivateJackServer server = PrivateJackServer.start(name, dir.resolve("jackd.log"));
        PrivateJackServer again = null;
        Path wav = dir.resolve("take.wav");
        try (PrivateJackServer.Child child = PrivateJackServer.child(JackFaultMain.class, name, wav.toString(),
                "return")) {
            List<String> lines = child.linesUntil("READY", 30);
            assertTrue(child.sawMarker(), "child output: " + lines);
            awaitAudio(wav);
            server.stop(true);
            Thread.sleep(1000); // nesjam is waiting now
            again = PrivateJackServer.start(name, dir.resolve("jackd-again.log"), rateAgain);
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), "nesjam did not play on after the return");
            lines = child.linesUntil(null, 5);
            assertEquals(0, child.process().exitValue(), "child output: " + lines);
            assertEquals(3, lines.size(), "child output: " + lines);
            assertEquals("nesjam: jack: the JACK server '" + name + "' shut down (" + wav + " closed); waiting for"
                    + " it to come back", lines.get(0));
            Path part = dir.resolve("take-part2.wav");
            assertTrue(lines.get(1).startsWith("nesjam: jack: the server is back, playing on (jack (" + rateAgain
                    + " Hz, 256 frames)); recording on into " + part), lines.get(1));
            assertEquals("CLOSED", lines.get(2));
            assertPitch(wav, 440.0);
            assertPitch(part, org.nesjam.host.probe.ProbeInstrument.noteHz(76));
        } finally {
            server.close();
            if (again != null) {
                again.stop(false);
            }
        }
    }

    /**
     * Waits until at least a quarter second of audio reached the WAV (a loaded machine runs a non-realtime dummy
     * server slower than real time), and at least one second, at most 15 s in all.
     */
    private static void awaitAudio(Path wav) throws Exception {
        long waitEnd = System.nanoTime() + 15_000_000_000L;
        Thread.sleep(1000);
        while ((Files.exists(wav) ? Files.size(wav) : 0) < QUARTER_SECOND_BYTES && System.nanoTime() < waitEnd) {
            Thread.sleep(50);
        }
    }

    /** The file is a finalized 16-bit stereo WAV holding at least a quarter second and a note of {@code hz}. */
    private static void assertPitch(Path wav, double hz) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(b.capacity() - 8, b.getInt(4), "RIFF size patched");
        assertEquals(b.capacity() - 44, b.getInt(40), "data size patched");
        int rate = b.getInt(24);
        int frames = b.getInt(40) / 4;
        assertTrue(frames > rate / 4, "at least a quarter second recorded: " + frames);
        float[] left = new float[frames];
        for (int i = 0; i < frames; i++) {
            left[i] = b.getShort(44 + 4 * i) / 32768f;
        }
        int onset = SignalAnalysis.firstAbove(left, 0, frames, 0.01f);
        assertTrue(onset >= 0 && onset + 5000 < frames, "note recorded in " + wav);
        assertEquals(hz, SignalAnalysis.pitchHz(left, onset + 100, rate / 10, rate, 100, 2000), 1.0, "pitch in " + wav);
    }
}
