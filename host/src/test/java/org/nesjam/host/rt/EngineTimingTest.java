package org.nesjam.host.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.plugin.Midi;
import org.nesjam.testsupport.SignalAnalysis;

/** Events reach the plugin chain on their exact sample, across block splits, cycles and rings. */
class EngineTimingTest {
    static final int RATE = 48_000;

    /** Renders {@code cycles} cycles of {@code period} frames into one mono array. */
    static float[] run(Engine engine, ManualBackend backend, int period, int cycles) {
        float[] all = new float[period * cycles];
        for (int i = 0; i < cycles; i++) {
            backend.cycle(period);
            System.arraycopy(backend.out[0], 0, all, i * period, period);
        }
        return all;
    }

    static Engine started(Engine.Options options, ManualBackend backend) throws Exception {
        Engine engine = new Engine(List.of(new ProbeInstrument()), options);
        engine.start(backend);
        return engine;
    }

    static int noteOn(int note) {
        return Midi.pack(Midi.NOTE_ON, note, 100);
    }

    static int noteOff(int note) {
        return Midi.pack(Midi.NOTE_OFF, note, 0);
    }

    @Test
    void eventsLandOnTheirSampleAcrossBlockSplits() throws Exception {
        // 256-frame cycles split into 64-frame blocks: onsets on, before and after block and cycle boundaries
        int[] onsets = {0, 63, 64, 255, 256, 1000, 1023, 1024, 1087};
        for (int onset : onsets) {
            ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
            Engine engine = started(Engine.Options.DEFAULT.withMaxBlockFrames(64), backend);
            engine.schedule(noteOn(69), onset);
            engine.schedule(noteOff(69), onset + 100);
            float[] out = run(engine, backend, 256, 8);
            assertEquals(onset, SignalAnalysis.firstAbove(out, 0, out.length, 0f), "onset at " + onset);
            assertEquals(-1, SignalAnalysis.firstAbove(out, onset + 100, out.length, 0f), "off at " + (onset + 100));
            assertEquals(0, engine.counters().lateEvents());
            engine.stop();
        }
    }

    @Test
    void cycleLongerThanMaxBlockIsSplitAndVariableCyclesKeepTime() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
        Engine engine = started(Engine.Options.DEFAULT.withMaxBlockFrames(128), backend);
        engine.schedule(noteOn(60), 3001);
        int[] cycleFrames = {1000, 17, 512, 2048, 333, 700};
        float[] all = new float[5000];
        int pos = 0;
        for (int n : cycleFrames) {
            backend.cycle(n);
            System.arraycopy(backend.out[0], 0, all, pos, n);
            pos += n;
        }
        assertEquals(4610, engine.playheadSampleTime());
        assertEquals(3001, SignalAnalysis.firstAbove(all, 0, pos, 0f));
        double hz = SignalAnalysis.pitchHz(all, 3100, 1500, RATE, 100, 2000);
        assertEquals(ProbeInstrument.noteHz(60), hz, 0.5);
        engine.stop();
    }

    @Test
    void sameSampleEventsKeepTheirOrder() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
        Engine engine = started(Engine.Options.DEFAULT, backend);
        // off then on at the same frame: the note must sound; on then off: it must not
        engine.schedule(noteOn(69), 100);
        engine.schedule(noteOff(69), 300);
        engine.schedule(noteOn(69), 300);
        engine.schedule(noteOn(72), 600);
        engine.schedule(noteOff(72), 600);
        float[] out = run(engine, backend, 256, 4);
        assertTrue(SignalAnalysis.firstAbove(out, 300, 600, 0f) >= 0, "re-triggered note sounds");
        engine.schedule(noteOff(69), 1024);
        float[] more = run(engine, backend, 256, 2);
        assertEquals(-1, SignalAnalysis.firstAbove(more, 0, more.length, 0f), "on+off at the same frame is silent");
        engine.stop();
    }

    @Test
    void lateEventsPlayAtOnceAndAreCounted() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
        Engine engine = started(Engine.Options.DEFAULT, backend);
        run(engine, backend, 256, 4); // playhead 1024
        assertEquals(1024, engine.playheadSampleTime());
        engine.schedule(noteOn(69), 500);
        float[] out = run(engine, backend, 256, 1);
        assertEquals(0, SignalAnalysis.firstAbove(out, 0, out.length, 0f));
        assertEquals(1, engine.counters().lateEvents());
        engine.stop();
    }

    @Test
    void nowEventsAreJitterFreeOnePeriodAfterArrival() throws Exception {
        int period = 1024; // 21.3 ms
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, period, 2));
        Engine engine = started(Engine.Options.DEFAULT, backend);
        run(engine, backend, period, 2);
        long cycleStartNanos = System.nanoTime();
        backend.cycle(period); // cycle 2 starts "now"
        long nextCycleStart = engine.playheadSampleTime();
        while (System.nanoTime() - cycleStartNanos < 5_000_000L) {
            Thread.onSpinWait();
        }
        long arrival = System.nanoTime();
        long expectedOffset = (arrival - cycleStartNanos) * RATE / 1_000_000_000L;
        engine.publishMidiNanos(noteOn(69), arrival);
        assertTrue(engine.nowSampleTime() >= nextCycleStart, "now is never before the next cycle");
        float[] out = run(engine, backend, period, 1);
        int onset = SignalAnalysis.firstAbove(out, 0, period, 0f);
        // the engine's own cycle start was taken a little after cycleStartNanos, so its offset is a bit smaller
        assertTrue(onset >= expectedOffset - 96 && onset <= expectedOffset, "onset " + onset + " vs arrival offset " + expectedOffset);
        engine.stop();
    }

    @Test
    void liveInputCarriesItsInputSequenceIntoTheChain() throws Exception {
        List<Long> seen = new java.util.ArrayList<>();
        org.nesjam.plugin.Plugin recorder = new org.nesjam.plugin.Plugin() {
            @Override
            public org.nesjam.plugin.PluginDescriptor descriptor() {
                return new org.nesjam.plugin.PluginDescriptor("test.seq", "seq", "1", "test",
                        org.nesjam.plugin.PluginKind.GENERATOR, org.nesjam.plugin.PluginApi.VERSION);
            }

            @Override
            public void activate(double sampleRate, int minFrames, int maxFrames) {
            }

            @Override
            public org.nesjam.plugin.ProcessStatus process(org.nesjam.plugin.ProcessBlock block) {
                for (int e = 0; e < block.inputEvents.size(); e++) {
                    seen.add(block.inputEvents.inputSequence(e));
                }
                return org.nesjam.plugin.ProcessStatus.CONTINUE;
            }

            @Override
            public void deactivate() {
            }
        };
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
        Engine engine = new Engine(List.of(recorder, new ProbeInstrument()), Engine.Options.DEFAULT);
        engine.start(backend);
        long first = engine.publishMidiNanos(noteOn(69), System.nanoTime());
        long second = engine.publishMidiNanos(noteOn(69), System.nanoTime()); // the same message again: a new number
        engine.schedule(noteOff(69), 10);
        run(engine, backend, 256, 2);
        engine.stop();
        assertTrue(first >= 0 && second == first + 1, first + ", " + second);
        assertEquals(List.of(first, second, org.nesjam.plugin.EventBuffer.NO_SEQUENCE), seen,
                "each live message its own number, as publishMidiNanos returned it; a scheduled event none");
    }

    @Test
    void asapModePlaysNowEventsAtTheNextCycleStart() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 512, 2));
        Engine engine = started(Engine.Options.DEFAULT.withJitterFree(false), backend);
        run(engine, backend, 512, 2);
        engine.publishMidi(noteOn(69));
        float[] out = run(engine, backend, 512, 1);
        assertEquals(0, SignalAnalysis.firstAbove(out, 0, out.length, 0f));
        engine.stop();
    }

    @Test
    void paramsTempoAndPanicReachTheChain() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
        Engine engine = started(Engine.Options.DEFAULT, backend);
        engine.schedule(noteOn(69), 10);
        run(engine, backend, 256, 2);
        engine.allNotesOff();
        engine.setTempo(150, true);
        float[] out = run(engine, backend, 256, 2);
        assertEquals(-1, SignalAnalysis.firstAbove(out, 0, out.length, 0f), "panic silences the note");
        assertEquals(150.0, engine.chain().block().transport.tempoBpm);
        assertTrue(engine.chain().block().transport.clockLocked);
        engine.stop();
        assertTrue(backend.stopped && backend.closed);
        assertEquals(Engine.State.STOPPED, engine.state());
    }

    @Test
    void fullRingDropsAndCounts() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
        Engine engine = started(new Engine.Options(2, 256, 64, 16, 16, 16, 32, true), backend);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            accepted += engine.schedule(noteOn(60), 10_000 + i) ? 1 : 0;
        }
        assertEquals(16, accepted);
        assertEquals(84, engine.counters().scheduleDropped());
        backend.cycle(256);
        assertEquals(0, engine.counters().pendingOverflow());
        for (int i = 0; i < 40; i++) {
            engine.schedule(noteOn(60), 10_000 + i);
            if (i % 16 == 15) {
                backend.cycle(256);
            }
        }
        backend.cycle(256);
        assertEquals(16 + 40 - 32, engine.counters().pendingOverflow());
        engine.stop();
    }

    @Test
    void externalChainMustBeActivatedAtTheBackendRate() throws Exception {
        org.nesjam.host.PluginChain chain = new org.nesjam.host.PluginChain(List.of(new ProbeInstrument()), 2, 256,
                64, (org.nesjam.host.FaultSink) null);
        chain.activate(44_100);
        Engine engine = new Engine(chain, Engine.Options.DEFAULT);
        ManualBackend backend = new ManualBackend(new AudioConfig(RATE, 256, 2));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> engine.start(backend));
        assertEquals("chain activated at 44100.0 Hz but the backend runs at 48000 Hz", e.getMessage());
        assertEquals(Engine.State.STOPPED, engine.state());
        assertTrue(backend.closed);
        chain.deactivate();
        chain.activate(RATE);
        ManualBackend ok = new ManualBackend(new AudioConfig(RATE, 256, 2));
        engine.start(ok);
        engine.schedule(noteOn(69), 77);
        float[] out = run(engine, ok, 256, 1);
        assertEquals(77, SignalAnalysis.firstAbove(out, 0, out.length, 0f));
        engine.stop();
        assertTrue(chain.isActive(), "the caller owns the chain");
        chain.destroy();
    }
}
