package org.nesjam.host.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nesjam.host.rt.EngineTimingTest.noteOff;
import static org.nesjam.host.rt.EngineTimingTest.noteOn;
import static org.nesjam.host.rt.EngineTimingTest.run;
import static org.nesjam.host.rt.EngineTimingTest.started;

import org.junit.jupiter.api.Test;
import org.nesjam.audio.AudioConfig;
import org.nesjam.testsupport.SignalAnalysis;

/** Rollback: scheduled events of an old epoch after a given time are dropped; everything else plays. */
class EpochDropTest {
    private static final int P = 256;

    @Test
    void oldEpochEventsAfterTheCutAreDroppedEverywhere() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(48_000, P, 2));
        Engine engine = started(Engine.Options.DEFAULT, backend);
        // epoch 0: notes on channel 1 (A4) at 1000..1100 and channel 2 (C5) at 3000..3100
        engine.schedule(noteOn(69), 1000, 0);
        engine.schedule(noteOff(69), 1100, 0);
        engine.schedule(noteOn(72) | 1, 3000, 0);
        engine.schedule(noteOff(72) | 1, 3100, 0);
        // the player plays at 3000 too: never dropped
        engine.publishMidiAt(noteOn(76) | 2, 3500);
        engine.publishMidiAt(noteOff(76) | 2, 3600);
        run(engine, backend, P, 2); // everything is now pending on the audio thread; playhead 512
        // rollback at 2000: epoch 1 replaces epoch 0 from 2000 on
        engine.dropEpochsBefore(1, 2000);
        engine.schedule(noteOn(64), 4000, 1);
        engine.schedule(noteOff(64), 4100, 1);
        // a stale epoch-0 event published after the rollback (a slow generator step) is dropped as well
        engine.schedule(noteOn(67), 2500, 0);
        // ...but an epoch-0 event before the cut still plays
        engine.schedule(noteOn(65) | 3, 1500, 0);
        engine.schedule(noteOff(65) | 3, 1600, 0);
        float[] out = run(engine, backend, P, 20);
        int base = 2 * P;
        assertEquals(1000 - base, SignalAnalysis.firstAbove(out, 0, out.length, 0f), "epoch 0 before the cut");
        assertEquals(1500 - base, SignalAnalysis.firstAbove(out, 1100 - base, out.length, 0f), "late epoch-0 < cut");
        assertEquals(3500 - base, SignalAnalysis.firstAbove(out, 1600 - base, out.length, 0f),
                "nothing between the cut and the player's note (3000 and 2500 dropped)");
        assertEquals(4000 - base, SignalAnalysis.firstAbove(out, 3600 - base, out.length, 0f), "epoch 1 plays");
        assertEquals(3, engine.counters().epochDropped(), "on+off at 3000/3100 and the stale 2500");
        engine.stop();
    }

    @Test
    void epochsOnlyGrow() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(48_000, P, 2));
        Engine engine = started(Engine.Options.DEFAULT, backend);
        engine.dropEpochsBefore(5, 0);
        engine.dropEpochsBefore(3, 0); // ignored
        engine.schedule(noteOn(69), 300, 4); // older than 5: dropped
        engine.schedule(noteOn(72), 600, 5);
        float[] out = run(engine, backend, P, 4);
        assertEquals(600, SignalAnalysis.firstAbove(out, 0, out.length, 0f));
        assertEquals(1, engine.counters().epochDropped());
        assertTrue(engine.counters().lateEvents() == 0);
        engine.stop();
    }
}
