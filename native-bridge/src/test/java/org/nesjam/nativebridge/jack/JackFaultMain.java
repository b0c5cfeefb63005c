package org.nesjam.nativebridge.jack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nesjam.audio.AudioConfig;
import org.nesjam.engine.Engine;
import org.nesjam.host.ProbeInstrument;
import org.nesjam.plugin.Midi;

/**
 * Child process of {@link JackServerDeathTest}: plays a note through JACK while recording to a WAV file, then
 * waits for the server to die. Prints READY, then the one-line reason, then CLOSED; exit 0, or 3 when the server
 * never went away within 60 s.
 */
public final class JackFaultMain {
    private JackFaultMain() {
    }

    public static void main(String[] args) {
        int code = 4;
        try {
            code = play(Path.of(args[0]));
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(code); // never wait for native (JACK) threads still attached to the JVM
        }
    }

    private static int play(Path wav) throws Exception {
        JackAudioBackend backend = new JackAudioBackend("nesjam-fault", true, AudioConfig.DEFAULT);
        Engine engine = new Engine(List.of(new ProbeInstrument()));
        engine.start(backend);
        engine.startRecording(wav);
        engine.publishMidi(Midi.pack(Midi.NOTE_ON, 69, 120));
        System.out.println("READY");
        System.out.flush();
        if (!engine.awaitEnd(60, TimeUnit.SECONDS)) {
            return 3;
        }
        System.out.println(engine.backendStopReason());
        engine.stop();
        System.out.println("CLOSED");
        return 0;
    }
}
