package org.nesjam.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.ChainSpec;
import org.nesjam.nativebridge.jack.PrivateJackServer;
import org.nesjam.nativebridge.probe.MidiPeer;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;
import org.nesjam.plugin.Midi;
import org.nesjam.testsupport.Require;
import org.nesjam.testsupport.SignalAnalysis;

/** {@code nesjam play} without a file: MIDI from a virtual input drives the APU live; the CC map is saved. */
class LivePlayTest {

    @Test
    void aNoteSentToTheVirtualInputSoundsAtItsPitchAndTheCcMapIsSaved(@TempDir Path dir) throws Exception {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
        Path wav = dir.resolve("live.wav");
        Path chain = dir.resolve("live-chain.json");
        int[] code = {-1};
        java.io.InputStream stdin = System.in; // the play's stdin thread must not read the test fork's channel
        System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
        Thread player = new Thread(() -> code[0] = Main.run(new String[] {"play", "--seconds", "3", "--audio",
                "wav:" + wav, "--midi-in", "virtual:livetest", "--cc", "p1.duty=21", "--chain", chain.toString()}));
        player.start();
        try (MidiPeer keyboard = MidiPeer.sender(RtMidiApi.UNIX_JACK, "liveplay-kbd", "nesjam-in:livetest", 5000)) {
            Thread.sleep(300);
            keyboard.send(Midi.pack(Midi.NOTE_ON, 69, 15));
            Thread.sleep(800);
            keyboard.send(Midi.pack(Midi.NOTE_OFF, 69, 0));
        }
        player.join(20_000);
        System.setIn(stdin);
        assertEquals(0, code[0], "play exit code");

        float[] left = readLeft(wav.toFile());
        // skip the first 0.3 s (the note is sent later than that; the output filters settle at the start)
        int onset = SignalAnalysis.firstAbove(left, 14_400, left.length, 0.02f);
        assertTrue(onset > 0, "the note was heard; peak " + SignalAnalysis.rms(left, 0, left.length) + " over "
                + left.length + " frames");
        double hz = SignalAnalysis.pitchHz(left, onset + 2_000, 8_192, 48_000, 100, 2_000);
        assertEquals(440.0, hz, 440.0 * 0.003, "pitch of MIDI note 69 on pulse 1");

        ChainSpec saved = ChainSpec.read(chain);
        assertTrue(saved.cc().stream().anyMatch(b -> b.cc() == 21 && b.param().equals("p1.duty")), saved.cc()
                .toString());
        assertTrue(Files.size(wav) > 44);
    }

    /**
     * The JACK server is killed under a live {@code play} and a new one of the same name starts, at another sample
     * rate (44.1 kHz, as when QjackCtl restarts it with new settings): play says so in one line each way, activates
     * its chain at the new rate, records on into a second part, reopens its virtual MIDI input, and a note sent there
     * afterwards sounds at its pitch. nesjam runs in a child JVM ({@link LiveReturnMain}) on a
     * {@link PrivateJackServer}.
     */
    @Test
    void playGoesOnThroughAJackServerRestart(@TempDir Path dir) throws Exception {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        String name = "nesjamlive" + ProcessHandle.current().pid();
        PrivateJackServer server = PrivateJackServer.start(name, dir.resolve("jackd.log"));
        PrivateJackServer again = null;
        try (PrivateJackServer.Child child = PrivateJackServer.child(LiveReturnMain.class, name, dir.toString())) {
            List<String> lines = child.linesUntil("READY", 60);
            assertTrue(child.sawMarker(), "child output: " + lines);
            server.stop(true);
            Thread.sleep(1000); // play is waiting now
            again = PrivateJackServer.start(name, dir.resolve("jackd-again.log"), 44_100);
            lines.addAll(child.linesUntil(null, 60));
            assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "child output: " + lines);
            Path take = dir.resolve("take.wav");
            assertTrue(lines.contains("nesjam: jack: the JACK server '" + name + "' shut down (" + take + " closed);"
                    + " waiting for it to come back"), "child output: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("nesjam: jack: the server is back, playing on (jack"
                    + " (44100 Hz")), "child output: " + lines);
            assertEquals(2, lines.stream().filter(l -> l.startsWith("midi in: JACK MIDI virtual input 'keys'"))
                    .count(), "the input opened, then reopened: " + lines);
            assertTrue(lines.contains("SENT") && lines.contains("EXIT 0"), "child output: " + lines);

            float[] left = readLeft(dir.resolve("take-part2.wav").toFile());
            int onset = SignalAnalysis.firstAbove(left, 0, left.length, 0.02f);
            assertTrue(onset >= 0, "the note sent after the return was heard");
            assertEquals(440.0, SignalAnalysis.pitchHz(left, onset + 2_000, 8_192, 44_100, 100, 2_000), 440.0 * 0.003,
                    "pitch of MIDI note 69 after the return, at the new rate");
        } finally {
            server.close();
            if (again != null) {
                again.stop(false); // politely: frees the killed server's registry slot
            }
        }
    }

    /**
     * A live {@code play --chain FILE} stopped by SIGTERM (as Ctrl-C stops it) still saves its chain: what the player
     * set up live is not lost. nesjam runs in a child JVM.
     */
    @Test
    void aStoppedPlaySavesItsChain(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("out.wav");
        Path chain = dir.resolve("chain.json");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "play", "--audio", "wav:" + wav,
                "--no-midi", "--cc", "p1.duty=21", "--chain", chain.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((Files.exists(wav) ? Files.size(wav) : 0) < 44 + 48_000 && System.nanoTime() < deadline) {
                Thread.sleep(50); // playing: a quarter second reached the WAV
            }
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "play did not stop");
            String out = Files.readString(dir.resolve("out.txt"));
            assertTrue(out.contains("play: saved " + chain), out);
            ChainSpec saved = ChainSpec.read(chain);
            assertTrue(saved.cc().stream().anyMatch(b -> b.cc() == 21 && b.param().equals("p1.duty")), out);
        } finally {
            child.destroyForcibly();
        }
    }

    /** Left channel of a 16-bit PCM WAV (javax.sound.sampled reads files without any audio device). */
    private static float[] readLeft(File file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file)) {
            int channels = in.getFormat().getChannels();
            byte[] bytes = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] left = new float[bytes.length / (2 * channels)];
            for (int i = 0; i < left.length; i++) {
                left[i] = b.getShort(i * 2 * channels) / 32768f;
            }
            return left;
        }
    }
}
