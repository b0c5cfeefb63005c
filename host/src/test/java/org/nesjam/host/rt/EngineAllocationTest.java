package org.nesjam.host.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.plugin.Midi;
import org.nesjam.threads.ThreadAllocation;

/**
 * The audio thread allocates 0 bytes after warm-up, while other threads publish MIDI, schedule events, change
 * parameters, and a recording is running, and the backend now and then skips a cycle. Measured with HotSpot's per-thread allocation
 * counter of the audio thread, read from the test thread while the audio thread spins between phases (so the
 * measurement itself allocates nothing on it).
 */
class EngineAllocationTest {
    private static final int PERIOD = 256;

    private static final int WINDOWS = 4;
    private static final int WINDOW_CYCLES = 20_000;
    /** A skipped cycle ({@link Engine#framesSkipped}) every this many cycles. */
    private static final int SKIP_EVERY = 1000;
    private volatile int phase;
    private volatile int audioDone;

    @Test
    void audioThreadAllocatesNothingAfterWarmUp(@TempDir Path dir) throws Exception {
        assumeTrue(ThreadAllocation.supported(), "per-thread allocation counting unsupported");
        ManualBackend backend = new ManualBackend(new AudioConfig(48_000, PERIOD, 2));
        Engine engine = new Engine(List.of(new ProbeInstrument()), Engine.Options.DEFAULT.withMaxBlockFrames(128));
        engine.start(backend);
        engine.startRecording(dir.resolve("rec.wav"));
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            int i = 0;
            while (producing.get()) {
                int note = 48 + (i % 24);
                engine.publishMidi(Midi.pack(Midi.NOTE_ON, note, 100));
                engine.publishMidi(Midi.pack(Midi.NOTE_OFF, note, 0));
                long t = engine.playheadSampleTime() + 1000;
                engine.schedule(Midi.pack(Midi.NOTE_ON | 1, note, 90), t);
                engine.schedule(Midi.pack(Midi.NOTE_OFF | 1, note, 0), t + 300);
                engine.setParam(1, i % 7);
                if (i % 97 == 0) {
                    engine.allNotesOff();
                }
                i++;
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "producer");
        long[] bytes = new long[WINDOWS + 1];
        Thread audio = new Thread(() -> {
            for (int i = 0; i < 30_000; i++) { // warm-up: JIT, ring wrap-around, every code path once
                backend.cycle(i % 3 == 0 ? 300 : PERIOD);
                if (i % SKIP_EVERY == 0) {
                    backend.skip(PERIOD);
                }
            }
            for (int w = 0; w < WINDOWS; w++) {
                audioDone = 2 * w + 1;
                while (phase < 2 * w + 1) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < WINDOW_CYCLES; i++) {
                    backend.cycle(i % 3 == 0 ? 300 : PERIOD); // odd cycle sizes split into 128-frame blocks
                    if (i % SKIP_EVERY == 0) {
                        backend.skip(PERIOD); // an xrun's skipped cycle: the timeline moves on
                    }
                }
            }
            audioDone = 2 * WINDOWS + 1;
            while (phase < 2 * WINDOWS + 1) {
                Thread.onSpinWait();
            }
        }, "test-audio");
        producer.start();
        audio.start();
        long tid = audio.getId();
        for (int w = 0; w <= WINDOWS; w++) {
            while (audioDone < 2 * w + 1) {
                Thread.sleep(1);
            }
            bytes[w] = ThreadAllocation.threadBytes(tid);
            phase = 2 * w + 1;
        }
        audio.join();
        producing.set(false);
        producer.join();
        engine.stop();
        EngineCounters c = engine.counters();
        assertTrue(c.cycles() == 30_000 + WINDOWS * WINDOW_CYCLES, "cycles " + c.cycles());
        assertEquals((30_000 + WINDOWS * WINDOW_CYCLES) / SKIP_EVERY * (long) PERIOD, c.framesSkipped());
        assertEquals(0, c.renderErrors(), c.summary());
        assertEquals(0, c.pluginFaults(), c.summary());
        assertTrue(Files.size(dir.resolve("rec.wav")) > 44 + 4L * 48_000, "recording written");
        long[] perWindow = new long[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            perWindow[w] = bytes[w + 1] - bytes[w];
        }
        System.out.println("audio-thread bytes per " + WINDOW_CYCLES + "-cycle window after warm-up: "
                + java.util.Arrays.toString(perWindow));
        // HotSpot itself occasionally allocates a few String objects (24-150 bytes) on whichever thread triggers a
        // JIT compilation or recompilation; JFR (jdk.ObjectAllocationOutsideTLAB with -XX:-UseTLAB) shows them at
        // method entries and loop back-edges, never at an allocation in our code, and they die out as compilation
        // settles. Our code allocating anything per cycle would cost >= 16 bytes x 20,000 cycles in every window.
        assertTrue(java.util.Arrays.stream(perWindow).sum() <= 4096, java.util.Arrays.toString(perWindow));
        assertTrue(java.util.Arrays.stream(perWindow).anyMatch(b -> b == 0),
                "no window of " + WINDOW_CYCLES + " cycles without allocation: " + java.util.Arrays.toString(perWindow)
                        + "; " + c.summary());
    }
}
