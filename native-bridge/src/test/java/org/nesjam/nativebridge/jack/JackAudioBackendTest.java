package org.nesjam.nativebridge.jack;

import org.nesjam.nativebridge.probe.JackCaptureClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.audio.AudioBackends;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.host.rt.Engine;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.testsupport.Require;

/**
 * End to end against a real JACK server (CI: the private dummy server of {@code .ci/run}): nesjam's JACK client
 * plays a note, a test-side JACK client records it, and the note's pitch and onset are checked on JACK's clock.
 */
class JackAudioBackendTest {

    static void requireJack() {
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
    }

    @Test
    void automaticChoicePicksJackWhenAServerRuns() throws Exception {
        requireJack();
        AudioBackends.Opened opened = AudioBackends.open(null, AudioConfig.DEFAULT);
        try {
            assertTrue(opened.backend() instanceof JackAudioBackend, opened.report());
            AudioConfig c = opened.config();
            assertEquals("audio: jack (" + c.sampleRate() + " Hz, " + c.periodFrames() + " frames)", opened.report());
        } finally {
            opened.backend().close();
        }
    }

    /** A take that fails after an xrun or a late wake-up is taken again ({@link JackTakes}). */
    @Test
    void aNoteIsRecordedWithItsPitchWithinOnePeriodOfItsArrival() throws Exception {
        requireJack();
        JackTakes.run("JackAudioBackendTest", disturbance -> {
            JackAudioBackend backend = new JackAudioBackend("nesjam-e2e", false, AudioConfig.DEFAULT);
            AudioConfig config = backend.open();
            Engine engine = new Engine(List.of(new ProbeInstrument()));
            engine.start(backend);
            int rate = config.sampleRate();
            int period = config.periodFrames();
            try (JackCaptureClient capture = new JackCaptureClient("nesjam-e2e-rec", rate * 4)) {
                capture.connectFrom(backend.outputPorts().get(0));
                Thread.sleep(200);
                int[] notes = {69, 60, 76};
                long[] arrival = JackTakes.recordNotes(capture, engine, notes, engine::publishMidi, disturbance);
                JackTakes.checkNotes(capture, notes, arrival, rate, period, period + rate / 1000, "added latency");
                assertEquals(0, backend.callbackErrors());
                assertEquals(0, engine.counters().renderErrors());
                assertTrue(backend.audioThreadId() > 0);
            } finally {
                engine.stop();
            }
            assertEquals(Engine.State.STOPPED, engine.state());
        });
    }
}
