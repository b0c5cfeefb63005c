package org.nesjam.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;
import org.nesjam.threads.NesjamThread;

/**
 * A control thread swaps chains and sends parameter changes at random moments while an audio thread renders
 * (JUCE's writer-vs-reader style): no chain is ever processed after it was destroyed, every chain is destroyed
 * exactly once, the audio thread never destroys anything, and the output never steps by more than the crossfade
 * allows.
 */
class LiveChainStressTest {
    private static final int BLOCK = 64;
    private static final AtomicInteger VIOLATIONS = new AtomicInteger();

    /** A constant-level instrument that knows whether it was destroyed, and by which thread. */
    static final class Level implements Plugin {
        static final PluginDescriptor D = new PluginDescriptor("test.level", "Level", "1", "t", PluginKind.INSTRUMENT,
                PluginApi.VERSION);
        final float level;
        final AtomicInteger destroyed = new AtomicInteger();
        volatile boolean destroyedOnAudio;

        Level(float level) {
            this.level = level;
        }

        @Override
        public PluginDescriptor descriptor() {
            return D;
        }

        @Override
        public void activate(double sampleRate, int minFrames, int maxFrames) {
        }

        @Override
        public ProcessStatus process(ProcessBlock block) {
            if (destroyed.get() != 0) {
                VIOLATIONS.incrementAndGet();
            }
            float[] a = block.audio.channel(0);
            for (int f = 0; f < block.frameCount; f++) {
                a[f] += level;
            }
            return ProcessStatus.CONTINUE;
        }

        @Override
        public void deactivate() {
        }

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
            destroyedOnAudio |= NesjamThread.AUDIO.isCurrent();
        }
    }

    @Test
    void randomSwapsWhileRenderingAreSafeAndStepFree() throws Exception {
        VIOLATIONS.set(0);
        int fade = 96;
        LiveChain live = new LiveChain(1, BLOCK, 32, fade);
        List<Level> all = new ArrayList<>();
        Level first = new Level(0.5f);
        all.add(first);
        PluginChain c0 = new PluginChain(List.of(first), 1, BLOCK, 32, (FaultSink) null);
        c0.activate(48000);
        live.submit(new PreparedChain(c0, ChainSpec.of("test.level"), CcMap.empty()));
        AtomicReference<Throwable> audioError = new AtomicReference<>();
        double[] maxStep = {0};
        // the audio loop is unpaced: once JIT-compiled, 60,000 blocks take about 0.1 s, less than the control thread
        // needs for 50 swaps (each sleep is at least a millisecond), so the loop also runs until those were attempted
        AtomicInteger attempted = new AtomicInteger();
        Thread audio = NesjamThread.AUDIO.newThread("test", () -> {
            try {
                float prev = 0;
                boolean started = false;
                ProcessBlock b = live.block();
                for (int k = 0; (k < 60_000 || attempted.get() <= 50) && k < 50_000_000; k++) {
                    b.frameCount = BLOCK;
                    b.sampleTime = (long) k * BLOCK;
                    b.inputEvents.clear();
                    live.process();
                    float[] out = b.audio.channel(0);
                    for (int f = 0; f < BLOCK; f++) {
                        if (started) {
                            maxStep[0] = Math.max(maxStep[0], Math.abs(out[f] - prev));
                        }
                        prev = out[f];
                        started = true;
                    }
                }
            } catch (Throwable t) {
                audioError.set(t);
            }
        });
        audio.start();
        Random rnd = new Random(7);
        int submitted = 0;
        while (audio.isAlive()) {
            Level p = new Level(rnd.nextFloat());
            all.add(p);
            PluginChain c = new PluginChain(List.of(p), 1, BLOCK, 32, (FaultSink) null);
            c.activate(48000);
            live.submit(new PreparedChain(c, ChainSpec.of("test.level"), CcMap.empty()));
            submitted++;
            attempted.set(submitted);
            live.setParam(0, 1, rnd.nextDouble(), ParamChangeQueue.NOW);
            if (rnd.nextBoolean()) {
                live.reclaim();
            }
            Thread.sleep(0, rnd.nextInt(300_000));
        }
        audio.join();
        assertEquals(null, audioError.get());
        live.close();
        assertEquals(0, VIOLATIONS.get(), "no chain processed after destroy");
        for (Level l : all) {
            assertEquals(1, l.destroyed.get(), "destroyed exactly once");
            assertFalse(l.destroyedOnAudio, "never destroyed on the audio thread");
        }
        assertTrue(submitted > 50, "swaps attempted: " + submitted);
        assertTrue(live.swapCount() > 10, "swaps taken: " + live.swapCount());
        // levels are in [0, 1): a crossfade moves by at most |new - old| / fade per frame
        assertTrue(maxStep[0] <= 1.0 / fade + 1e-6, "max step " + maxStep[0]);
    }
}
