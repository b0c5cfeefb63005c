package org.nesjam.nativebridge.midi;

import org.nesjam.nativebridge.probe.MidiPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.host.rt.Engine;
import org.nesjam.midi.live.MidiClock;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.nativebridge.jack.JackAudioBackend;
import org.nesjam.nativebridge.jack.JackTakes;
import org.nesjam.nativebridge.probe.JackCaptureClient;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;
import org.nesjam.plugin.Midi;
import org.nesjam.testsupport.Require;

/**
 * The whole live path on a real JACK server: a test-side RtMidi client (the "keyboard") sends notes to nesjam's
 * virtual MIDI input; RtMidi -> poll thread -> parser -> engine input ring -> instrument -> nesjam's JACK audio
 * output; a test-side JACK client records that output; each note's pitch, onset and duration are checked on JACK's
 * frame clock. Onset is measured from the frame time just before the keyboard sends, so it includes the MIDI hop
 * (RtMidi emits at the next JACK cycle, up to one period, plus polling) and the engine's own latency (up to one
 * period + 1 ms, the bound): the assertion allows two periods + 2 ms. A take that fails after an xrun or a
 * late wake-up is taken again ({@link JackTakes}).
 */
class MidiToAudioEndToEndTest {

    @Test
    void notesFromAJackMidiClientAreHeardWithTheirPitchAndOnset() throws Exception {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
        JackTakes.run("MidiToAudioEndToEndTest", disturbance -> {
            String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            JackAudioBackend backend = new JackAudioBackend("nesjam-m2a-" + run, false, AudioConfig.DEFAULT);
            AudioConfig config = backend.open();
            Engine engine = new Engine(List.of(new ProbeInstrument()));
            MidiClock clock = new MidiClock();
            MidiInputPipeline pipeline = new MidiInputPipeline(engine::publishMidiNanos, clock, false);
            engine.start(backend);
            int rate = config.sampleRate();
            int period = config.periodFrames();
            String client = "m2a" + run;
            try (MidiInput input = MidiPorts.openInput("virtual:keys", client, "jack", pipeline, RtMidiInput.Mode.POLL);
                 MidiPeer keyboard = MidiPeer.sender(RtMidiApi.UNIX_JACK, client + "-kbd", client + "-in:keys", 5000);
                 JackCaptureClient capture = new JackCaptureClient("nesjam-m2a-rec-" + run, rate * 4)) {
                capture.connectFrom(backend.outputPorts().get(0));
                // warm-up note, not recorded: the first event pays class loading and JIT on every thread it crosses
                keyboard.send(Midi.pack(Midi.NOTE_ON, 57, 1));
                Thread.sleep(100);
                keyboard.send(Midi.pack(Midi.NOTE_OFF, 57, 0));
                Thread.sleep(200);
                int[] notes = {69, 60, 76, 64};
                long[] sentFrame = JackTakes.recordNotes(capture, engine, notes, keyboard::send, disturbance);
                double[] latencyMs = JackTakes.checkNotes(capture, notes, sentFrame, rate, period,
                        2L * period + 2L * rate / 1000, "send-to-sound latency");
                StringBuilder figures = new StringBuilder();
                for (double ms : latencyMs) {
                    figures.append(String.format(" %.2f ms", ms));
                }
                System.out.println("MIDI->audio send-to-sound latency (period " + period + " frames):" + figures);
                assertEquals(2L * notes.length + 2, input.pipeline().forwarded(),
                        "every note-on and note-off reached the engine");
                assertEquals(0, input.deliveryErrors());
                assertEquals(0, engine.counters().renderErrors());
            } finally {
                engine.stop();
            }
        });
    }
}
