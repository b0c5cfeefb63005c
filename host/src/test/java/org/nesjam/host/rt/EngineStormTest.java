package org.nesjam.host.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.plugin.Midi;
import org.nesjam.testsupport.SignalAnalysis;

/**
 * Note-on storms on all channels and random packed messages from several threads at once: nothing crashes, every
 * message is either taken or counted as dropped, the audio keeps its sample count, and a panic leaves no stuck note.
 */
class EngineStormTest {

    @Test
    void stormsAreCountedAndPanicSilences() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(48_000, 128, 2));
        Engine engine = new Engine(List.of(new ProbeInstrument()), Engine.Options.DEFAULT);
        engine.start(backend);
        int threads = 4;
        int perThread = 200_000;
        AtomicLong accepted = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            producers.add(new Thread(() -> {
                Random r = new Random(seed);
                long ok = 0;
                for (int i = 0; i < perThread; i++) {
                    int packed = i % 2 == 0
                            ? Midi.pack(Midi.NOTE_ON | (i / 2 % 16), r.nextInt(128), 1 + r.nextInt(127))
                            : r.nextInt(); // garbage: any 32-bit value must be harmless
                    ok += engine.publishMidi(packed) ? 1 : 0;
                }
                accepted.addAndGet(ok);
            }, "storm-" + t));
        }
        producers.forEach(Thread::start);
        int cycles = 0;
        while (producers.stream().anyMatch(Thread::isAlive)) {
            backend.cycle(128);
            cycles++;
        }
        for (Thread p : producers) {
            p.join();
        }
        for (int i = 0; i < 10; i++) {
            backend.cycle(128);
            cycles++;
        }
        EngineCounters c = engine.counters();
        assertEquals((long) threads * perThread, accepted.get() + c.inputDropped(), c.summary());
        assertEquals(cycles * 128L, engine.playheadSampleTime());
        assertEquals(0, c.renderErrors(), c.summary());
        assertEquals(0, c.pluginFaults(), c.summary());
        assertTrue(accepted.get() > 0);
        engine.allNotesOff();
        backend.cycle(128);
        backend.cycle(128);
        assertEquals(-1, SignalAnalysis.firstAbove(backend.out[0], 0, 128, 0f), "no stuck note after panic");
        engine.stop();
    }
}
