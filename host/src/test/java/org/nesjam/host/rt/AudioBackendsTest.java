package org.nesjam.host.rt;

import org.nesjam.audio.AudioBackendException;
import org.nesjam.audio.AudioBackendProvider;
import org.nesjam.audio.AudioBackends;
import org.nesjam.audio.AudioConfig;
import org.nesjam.audio.WavFileBackend;
import org.nesjam.testsupport.SignalAnalysis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.plugin.Midi;

class AudioBackendsTest {

    @Test
    void serviceLoaderFindsTheBuiltInBackends() {
        List<String> names = AudioBackends.providers().stream().map(AudioBackendProvider::name).toList();
        assertTrue(names.containsAll(List.of("javasound", "wav", "stdout")), names.toString());
        assertNotNull(AudioBackends.provider("wav"));
        assertTrue(AudioBackends.choices().contains("wav:FILE"));
    }

    @Test
    void badSpecsGiveOneClearLine() {
        AudioBackendException e = assertThrows(AudioBackendException.class,
                () -> AudioBackends.open("alsa", AudioConfig.DEFAULT));
        assertTrue(e.getMessage().startsWith("unknown audio output 'alsa' (choose "), e.getMessage());
        e = assertThrows(AudioBackendException.class, () -> AudioBackends.open("wav", AudioConfig.DEFAULT));
        assertEquals("--audio wav needs a file: --audio wav:FILE", e.getMessage());
        e = assertThrows(AudioBackendException.class,
                () -> AudioBackends.open("wav:/nonexistent-dir/x.wav", AudioConfig.DEFAULT));
        assertTrue(e.getMessage().startsWith("cannot write /nonexistent-dir/x.wav"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AudioConfig(48_000, 3, 2));
    }

    @Test
    void javaSoundFailsClearlyWithoutSoundHardware() {
        AudioBackendProvider p = AudioBackends.provider("javasound");
        String reason = p.unavailableReason();
        if (reason == null) {
            return; // a desktop with a sound card: nothing to check here
        }
        AudioBackendException e = assertThrows(AudioBackendException.class,
                () -> AudioBackends.open("javasound", AudioConfig.DEFAULT));
        assertTrue(e.getMessage().startsWith("javasound: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(p.describeEndpoints().get(0).startsWith("javasound"));
    }

    @Test
    void automaticChoiceFallsBackToWavWithOneLine(@TempDir Path dir) throws Exception {
        // plugin-core's tests see no JACK provider; without sound hardware the fallback is the WAV file
        Path wav = dir.resolve("auto.wav");
        AudioBackends.Opened opened = AudioBackends.open(null, AudioConfig.DEFAULT, wav.toString());
        try {
            if (opened.backend() instanceof WavFileBackend) {
                assertTrue(opened.report().startsWith("audio: no audio device on this machine"), opened.report());
                assertTrue(opened.report().endsWith(", writing " + wav), opened.report());
            }
            assertEquals(1, opened.report().lines().count());
        } finally {
            opened.backend().close();
        }
    }

    @Test
    void wavBackendRecordsInRealTimeAndStaysPlayable(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("live.wav");
        AudioBackends.Opened opened = AudioBackends.open("wav:" + wav, new AudioConfig(48_000, 256, 2));
        assertEquals("audio: wav " + wav + " (48000 Hz, 256 frames, real time)", opened.report());
        Engine engine = new Engine(List.of(new ProbeInstrument()));
        engine.start(opened.backend());
        long t0 = System.nanoTime(); // after start: class loading and activation are not playing time
        engine.publishMidi(Midi.pack(Midi.NOTE_ON, 69, 127));
        assertTrue(!engine.awaitEnd(1000, TimeUnit.MILLISECONDS));
        double seconds = (System.nanoTime() - t0) / 1e9;
        engine.stop();
        assertEquals(Engine.State.STOPPED, engine.state());
        float[] left = readWavLeft(wav);
        // paced by the wall clock: about as many frames as time passed (a loaded machine may lose some periods)
        assertEquals(seconds * 48_000, left.length, 0.15 * seconds * 48_000);
        assertTrue(engine.xrunCount() == 0 || engine.xrunCount() < 5);
        int onset = SignalAnalysis.firstAbove(left, 0, left.length, 0.01f);
        assertTrue(onset >= 0 && onset < 2 * 256 + 256, "onset " + onset);
        assertEquals(440.0, SignalAnalysis.pitchHz(left, onset + 100, 4096, 48_000, 100, 2000), 1.0);
    }

    /** Left channel of a 16-bit stereo WAV, checking that the header's sizes match the file. */
    static float[] readWavLeft(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x46464952, b.getInt(0)); // "RIFF"
        assertEquals(b.capacity() - 8, b.getInt(4), "RIFF size");
        int dataBytes = b.getInt(40);
        assertEquals(b.capacity() - 44, dataBytes, "data size");
        int channels = b.getShort(22);
        float[] left = new float[dataBytes / (2 * channels)];
        for (int i = 0; i < left.length; i++) {
            left[i] = b.getShort(44 + i * 2 * channels) / 32768f;
        }
        return left;
    }
}
