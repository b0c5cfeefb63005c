package org.nesjam.host.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.EventSource;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.testsupport.SignalAnalysis;

/** A song fed live lands on the same samples as in the source, shifted by the feeder's start. */
class EventSourceFeederTest {

    /** Notes at 1000, 30000 and 60001 frames, 500 frames long; length 70000. */
    static final class Song implements EventSource {
        final long[] on = {1000, 30_000, 60_001};

        @Override
        public void fill(long sampleTime, int frameCount, EventBuffer out) {
            for (long t : on) {
                if (t >= sampleTime && t < sampleTime + frameCount) {
                    out.addMidi((int) (t - sampleTime), Midi.NOTE_ON, 69, 100);
                }
                if (t + 500 >= sampleTime && t + 500 < sampleTime + frameCount) {
                    out.addMidi((int) (t + 500 - sampleTime), Midi.NOTE_OFF, 69, 0);
                }
            }
        }

        @Override
        public long lengthFrames() {
            return 70_000;
        }
    }

    @Test
    void feedsAheadOfThePlayheadSampleAccurately() throws Exception {
        ManualBackend backend = new ManualBackend(new AudioConfig(48_000, 256, 2));
        Engine engine = new Engine(List.of(new ProbeInstrument()), Engine.Options.DEFAULT);
        engine.start(backend);
        backend.cycle(256);
        Song song = new Song();
        float[] all = new float[120_000];
        try (EventSourceFeeder feeder = new EventSourceFeeder(engine, song, 4800)) {
            feeder.start();
            while (feeder.startSampleTime() < 0) {
                Thread.sleep(1);
            }
            int pos = 256;
            while (pos + 256 <= all.length) {
                Thread.sleep(0, 300_000); // let the feeder keep up, as the real clock would
                backend.cycle(256);
                System.arraycopy(backend.out[0], 0, all, pos, 256);
                pos += 256;
                if (engine.playheadSampleTime() > feeder.endSampleTime()) {
                    break;
                }
            }
            assertTrue(feeder.awaitFinished(1, TimeUnit.SECONDS));
            long start = feeder.startSampleTime();
            int from = 0;
            for (long t : song.on) {
                int onset = SignalAnalysis.firstAbove(all, from, all.length, 0f);
                assertEquals(start + t, onset);
                from = onset + 501;
            }
            assertEquals(0, engine.counters().lateEvents());
        }
        engine.stop();
    }
}
