package org.nesjam.host;

import org.nesjam.threads.ThreadAllocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nesjam.testsupport.FailingPlugin;
import org.nesjam.testsupport.TonePlugin;
import org.nesjam.threads.NesjamThread;

class FaultIsolationTest {
    private static final int BLOCK = 256;

    /** Renders blocks and returns the peak of each block. */
    private static float[] render(PluginChain chain, int blocks) {
        return render(chain, new float[blocks]);
    }

    /** Renders {@code peaks.length} blocks into a caller-owned array (allocation-free). */
    private static float[] render(PluginChain chain, float[] peaks) {
        int blocks = peaks.length;
        for (int b = 0; b < blocks; b++) {
            chain.block().frameCount = BLOCK;
            chain.block().sampleTime = (long) b * BLOCK;
            chain.block().inputEvents.clear();
            chain.process();
            float peak = 0;
            for (int f = 0; f < BLOCK; f++) {
                peak = Math.max(peak, Math.abs(chain.block().audio.channel(0)[f]));
            }
            peaks[b] = peak;
        }
        return peaks;
    }

    @Test
    void throwingPluginIsBypassedReportedOnceAndAudioKeepsRunning() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        FailingPlugin failing = new FailingPlugin(10, false);
        try (FaultReporter reporter = new FaultReporter(lines::add, true)) {
            PluginChain chain = new PluginChain(List.of(new TonePlugin(), failing), 1, BLOCK, 64, reporter);
            chain.activate(48000);
            float[] peaks = render(chain, 100);
            assertTrue(chain.isBypassed(1));
            assertFalse(chain.isBypassed(0));
            assertEquals(11, failing.processCalls, "not called again after the fault");
            for (int b = 0; b < peaks.length; b++) {
                assertTrue(peaks[b] > 0.45f, "tone keeps sounding at block " + b + ": " + peaks[b]);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (lines.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            chain.deactivate();
        }
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("nesjam: plugin org.nesjam.test.failing (Failing 0.1) at chain position 1 failed in process: "
                + "threw java.lang.IllegalStateException: boom; bypassed for the rest of the session", lines.get(0));
        assertFalse(NesjamThread.FAULT_REPORTER.isCurrent());
    }

    @Test
    void errorStatusIsReportedToo() {
        List<String> lines = new ArrayList<>();
        FaultReporter reporter = new FaultReporter(lines::add, false);
        PluginChain chain = new PluginChain(List.of(new FailingPlugin(0, true), new TonePlugin()), 1, BLOCK, 64,
                reporter);
        chain.activate(48000);
        render(chain, 3);
        reporter.close();
        assertEquals(List.of("nesjam: plugin org.nesjam.test.failing (Failing 0.1) at chain position 0 failed in "
                + "process: returned ERROR; bypassed for the rest of the session"), lines);
    }

    @Test
    void faultPathAllocatesNothingOnTheAudioThread() throws Exception {
        Assumptions.assumeTrue(ThreadAllocation.supported(), "per-thread allocation counter unavailable");
        FaultReporter reporter = new FaultReporter(s -> { }, false);
        FailingPlugin failing = new FailingPlugin(3000, false);
        PluginChain chain = new PluginChain(List.of(new TonePlugin(), failing), 2, BLOCK, 64, reporter);
        chain.activate(48000);
        AtomicLong allocated = new AtomicLong(-1);
        float[] peaks = new float[2000];
        Thread audio = new Thread(() -> {
            render(chain, peaks); // warm-up (JIT), no fault yet
            long before = ThreadAllocation.currentThreadBytes();
            render(chain, peaks); // the fault happens at block 3000
            allocated.set(ThreadAllocation.currentThreadBytes() - before);
        });
        audio.start();
        audio.join();
        assertTrue(chain.isBypassed(1));
        assertEquals(1, reporter.drain());
        assertEquals(0, allocated.get(), "bytes allocated by the audio thread across the fault");
    }
}
