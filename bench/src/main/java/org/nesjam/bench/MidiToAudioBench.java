package org.nesjam.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.host.rt.Engine;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.nativebridge.jack.JackAudioBackend;
import org.nesjam.nativebridge.midi.MidiDeviceException;
import org.nesjam.nativebridge.midi.MidiInput;
import org.nesjam.nativebridge.midi.MidiPorts;
import org.nesjam.nativebridge.midi.RtMidiInput;
import org.nesjam.nativebridge.probe.JackCaptureClient;
import org.nesjam.nativebridge.probe.MidiPeer;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;
import org.nesjam.plugin.Midi;

/**
 * The whole live path, note by note, on the running JACK server: a separate RtMidi client (the keyboard) sends
 * note-on/off to nesjam's virtual MIDI input; nesjam polls RtMidi, parses, publishes to the engine
 * ({@code publishMidiNanos}); the engine plays the {@link ProbeInstrument} to JACK; a JACK capture client records the
 * output. Two latencies per note, on JACK's frame clock: <b>send -> sound</b> (from the keyboard's send call: includes
 * the wait for the next JACK cycle that any JACK MIDI sender has) and <b>arrival -> sound</b> (from the moment
 * nesjam's input thread got the message: the "added latency from a MIDI message's arrival"). The arrival
 * frame is read with {@code jack_frame_time} on nesjam's input thread (a few microseconds of extra work there).
 * [main-thread]
 */
public final class MidiToAudioBench {
    private MidiToAudioBench() {
    }

    /** Figures in ms; {@code found} note onsets of {@code notes} were located in the recording. */
    public record Result(int periodFrames, int sampleRate, int notes, int found, double[] sendToSoundMs,
                         double[] arrivalToSoundMs, long xruns, int overPeriodPlus1ms) {
    }

    public static Result run(int notes, int warmup, long seed) throws Exception {
        String missing = RtMidiNative.unavailableReason();
        if (missing != null) {
            throw new MidiDeviceException(missing);
        }
        if (!JackProbe.serverRunning()) {
            throw new MidiDeviceException("no JACK server '" + JackProbe.serverName() + "' running");
        }
        String id = Long.toString(System.nanoTime() % 46_656, 36);
        JackAudioBackend backend = new JackAudioBackend("nesjam-m2ab-" + id, false, AudioConfig.DEFAULT);
        AudioConfig config = backend.open();
        int rate = config.sampleRate();
        int period = config.periodFrames();
        Engine engine = new Engine(List.of(new ProbeInstrument()));
        int total = warmup + notes;
        long[] sentFrame = new long[total];
        long[] arrivalFrame = new long[total];
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (notes + 20) * rate / 20);
        engine.start(backend);
        try (JackCaptureClient capture = new JackCaptureClient("nesjam-m2ab-rec-" + id, capacity)) {
            int[] arrived = new int[1];
            MidiInputPipeline pipeline = new MidiInputPipeline((packed, nanoTime) -> {
                if ((packed & 0xF0) == Midi.NOTE_ON && ((packed >>> 16) & 0x7F) > 0 && arrived[0] < total) {
                    try {
                        arrivalFrame[arrived[0]++] = capture.frameTimeNow();
                    } catch (Exception e) {
                        arrived[0]++;
                    }
                }
                engine.publishMidiNanos(packed, nanoTime);
            }, null, false);
            String client = "m2ab" + id;
            try (MidiInput input = MidiPorts.openInput("virtual:keys", client, "jack", pipeline, RtMidiInput.Mode.POLL);
                 MidiPeer keyboard = MidiPeer.sender(RtMidiApi.UNIX_JACK, client + "-kbd", client + "-in:keys", 5000)) {
                capture.connectFrom(backend.outputPorts().get(0));
                Thread.sleep(300);
                Random random = new Random(seed);
                for (int i = 0; i < warmup; i++) {
                    sentFrame[i] = playNote(keyboard::send, capture, 60 + i % 24, random);
                }
                Thread.sleep(100);
                capture.startRecording();
                Thread.sleep(50);
                for (int i = warmup; i < total; i++) {
                    sentFrame[i] = playNote(keyboard::send, capture, 48 + i % 36, random);
                }
                Thread.sleep(100);
                capture.stopRecording();
            }
            float[] rec = capture.samples();
            int n = capture.recordedFrames();
            long[] onsets = new long[n / 32 + 1];
            int onsetCount = 0;
            int zeros = 1_000;
            for (int i = 0; i < n && onsetCount < onsets.length; i++) {
                if (rec[i] == 0f) {
                    zeros++;
                    continue;
                }
                if (zeros >= 32) {
                    onsets[onsetCount++] = capture.frameTimeAt(i);
                }
                zeros = 0;
            }
            // each note owns the first onset after its send and before the next note's send (xruns can lose one)
            double[] sendMs = new double[notes];
            double[] arrivalMs = new double[notes];
            int found = 0;
            int over = 0;
            int o = 0;
            for (int k = 0; k < notes; k++) {
                long from = sentFrame[warmup + k];
                long to = k + 1 < notes ? sentFrame[warmup + k + 1] : Long.MAX_VALUE;
                while (o < onsetCount && onsets[o] < from) {
                    o++;
                }
                if (o < onsetCount && onsets[o] < to && arrivalFrame[warmup + k] != 0) {
                    sendMs[found] = (onsets[o] - from) * 1000.0 / rate;
                    long added = onsets[o] - arrivalFrame[warmup + k];
                    arrivalMs[found] = added * 1000.0 / rate;
                    if (added > period + rate / 1000) {
                        over++;
                    }
                    found++;
                }
            }
            sendMs = Arrays.copyOf(sendMs, found);
            arrivalMs = Arrays.copyOf(arrivalMs, found);
            Arrays.sort(sendMs);
            Arrays.sort(arrivalMs);
            return new Result(period, rate, notes, found, sendMs, arrivalMs, backend.xrunCount(), over);
        } finally {
            engine.stop();
        }
    }

    /** Where a latency bench's probe notes go (a test keyboard port, or the engine's input ring). */
    @FunctionalInterface
    public interface NoteSender {
        void send(int packedMidi) throws Exception;
    }

    /**
     * One probe note: note on, 10 ms, note off, 10-25 ms gap; returns the JACK frame time just before the note-on was
     * sent. Shared by this bench and {@code nesjam bench audio latency}. [caller's thread]
     */
    public static long playNote(NoteSender send, JackCaptureClient capture, int note, Random random)
            throws Exception {
        long t = capture.frameTimeNow();
        send.send(Midi.pack(Midi.NOTE_ON, note, 100));
        Thread.sleep(10);
        send.send(Midi.pack(Midi.NOTE_OFF, note, 0));
        Thread.sleep(10 + random.nextInt(16));
        return t;
    }

}
