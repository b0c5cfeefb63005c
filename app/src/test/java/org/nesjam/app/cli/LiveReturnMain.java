package org.nesjam.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nesjam.nativebridge.probe.MidiPeer;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.plugin.Midi;
import org.nesjam.threads.NesjamThread;

/**
 * Child process of {@link LivePlayTest#playGoesOnThroughAJackServerRestart}: runs {@code nesjam play} live on JACK
 * with a virtual MIDI input and a recording; prints READY once audio reaches the recording; after the server came
 * back (the second part of the recording exists) it plays A4 into the reopened MIDI input and prints SENT; at the
 * end EXIT and play's exit code. Output: play's own lines (stderr) and these (stdout), merged by the test.
 */
public final class LiveReturnMain {
    private LiveReturnMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path take = dir.resolve("take.wav");
        Path part = dir.resolve("take-part2.wav");
        int[] code = {-1};
        Thread player = NesjamThread.TEST.newThread("play", () -> code[0] = Main.run(new String[] {"play", "--seconds",
                "16", "--audio", "jack", "--midi-in", "virtual:keys", "--record", take.toString()}));
        player.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((Files.exists(take) ? Files.size(take) : 0) < 44 + 48_000 && System.nanoTime() < deadline) {
            Thread.sleep(50); // a quarter second of 16-bit stereo
        }
        System.out.println("READY");
        while (!Files.exists(part) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1000); // the MIDI ports are reopened after the audio
        try (MidiPeer keyboard = MidiPeer.sender(RtMidiApi.UNIX_JACK, "return-kbd", "nesjam-in:keys", 5000)) {
            keyboard.send(Midi.pack(Midi.NOTE_ON, 69, 100));
            Thread.sleep(1000);
            keyboard.send(Midi.pack(Midi.NOTE_OFF, 69, 0));
        } catch (Exception e) {
            System.out.println("SEND FAILED: " + e);
        }
        System.out.println("SENT");
        player.join(60_000);
        System.out.println("EXIT " + code[0]);
        System.out.flush();
        Runtime.getRuntime().halt(0); // never wait for native (JACK) threads still attached to the JVM
    }
}
