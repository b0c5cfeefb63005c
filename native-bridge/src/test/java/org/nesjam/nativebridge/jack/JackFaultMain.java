package org.nesjam.nativebridge.jack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.host.rt.Engine;
import org.nesjam.plugin.Midi;

/**
 * Child process of {@link JackServerDeathTest}: plays A4 through JACK while recording to a WAV file, then waits for
 * the server to die. Prints READY, then the one-line reason, then CLOSED; exit 0, or 3 when the server never went
 * away within 60 s. With a second argument {@code return}, it rides out the server's restart with
 * {@link ServerReturn} instead, then plays E5, records a second of it into the next part file and stops: READY,
 * ServerReturn's two lines, CLOSED; exit 3 when the server did not go away and come back within 60 s.
 */
public final class JackFaultMain {
    private JackFaultMain() {
    }

    public static void main(String[] args) {
        int code = 4;
        try {
            code = play(Path.of(args[0]), args.length > 1 && args[1].equals("return"));
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(code); // never wait for native (JACK) threads still attached to the JVM
        }
    }

    private static int play(Path wav, boolean rideOutReturn) throws Exception {
        JackAudioBackend backend = new JackAudioBackend("nesjam-fault", true, AudioConfig.DEFAULT);
        Engine engine = new Engine(List.of(new ProbeInstrument()));
        engine.start(backend);
        engine.startRecording(wav);
        engine.publishMidi(Midi.pack(Midi.NOTE_ON, 69, 120));
        System.out.println("READY");
        System.out.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        if (!engine.awaitEnd(60, TimeUnit.SECONDS)) {
            return 3;
        }
        if (!rideOutReturn) {
            System.out.println(engine.backendStopReason());
        } else {
            if (ServerReturn.await(engine, backend, () -> false, deadline, System.out::println, null) == null) {
                return 3;
            }
            engine.publishMidi(Midi.pack(Midi.NOTE_OFF, 69, 0));
            engine.publishMidi(Midi.pack(Midi.NOTE_ON, 76, 120));
            Path part = ServerReturn.nextPart(wav);
            while (Files.size(part) < 44 + 4 * 48_000 && System.nanoTime() < deadline) { // 1 s, 16-bit stereo
                Thread.sleep(50);
            }
        }
        engine.stop();
        System.out.println("CLOSED");
        return 0;
    }
}
