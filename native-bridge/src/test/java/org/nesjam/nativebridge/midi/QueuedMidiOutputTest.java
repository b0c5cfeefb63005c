package org.nesjam.nativebridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nesjam.threads.ThreadAllocation;

class QueuedMidiOutputTest {

    /** Records what the "device" got; can be told to block, like RtMidi on a dead JACK server. */
    static final class FakeOutput extends QueuedMidiOutput {
        final List<Integer> delivered = new CopyOnWriteArrayList<>();
        final CountDownLatch unblock;
        volatile boolean closedDevice;

        FakeOutput(int capacity, CountDownLatch unblock) {
            super("fake", capacity);
            this.unblock = unblock;
            startSender();
        }

        @Override
        protected void deliver(int packedMessage) throws Exception {
            if (unblock != null) {
                unblock.await();
            }
            if ((packedMessage & 0xFF) == 0xE5) {
                throw new IllegalStateException("device refused");
            }
            delivered.add(packedMessage);
        }

        @Override
        protected void closeDevice() {
            closedDevice = true;
        }

        @Override
        public String description() {
            return "fake";
        }
    }

    @Test
    void deliversInOrderFromSeveralThreads() throws Exception {
        FakeOutput out = new FakeOutput(1 << 14, null);
        Thread[] producers = new Thread[4];
        for (int p = 0; p < producers.length; p++) {
            int channel = p;
            producers[p] = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    while (!out.trySend(0x90 | channel | (i % 128) << 8 | (i / 128 + 1) << 16)) {
                        Thread.onSpinWait();
                    }
                }
            });
            producers[p].start();
        }
        for (Thread t : producers) {
            t.join();
        }
        long end = System.currentTimeMillis() + 5000;
        while (out.delivered.size() < 8000 && System.currentTimeMillis() < end) {
            Thread.sleep(5);
        }
        assertEquals(8000, out.delivered.size());
        int[] next = new int[4];
        for (int m : out.delivered) { // per producer, order is kept
            int ch = m & 0x0F;
            int i = next[ch]++;
            assertEquals(0x90 | ch | (i % 128) << 8 | (i / 128 + 1) << 16, m);
        }
        out.close();
        assertTrue(out.closedDevice);
        assertFalse(out.trySend(0x90 | 60 << 8 | 1 << 16), "closed output refuses");
    }

    @Test
    void fullQueueDropsInsteadOfBlockingAndStuckDeviceDoesNotHangClose() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        FakeOutput out = new FakeOutput(64, never);
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (out.trySend(0x80 | 60 << 8)) {
                accepted++;
            }
        }
        assertTrue(accepted >= 64 && accepted <= 65, "accepted " + accepted);
        assertEquals(1000 - accepted, out.dropped());
        long t0 = System.nanoTime();
        out.close(); // the sender is stuck in deliver: close gives up after ~1 s instead of hanging
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
        assertFalse(out.closedDevice, "a device still in use by a stuck thread is not freed");
        never.countDown();
    }

    @Test
    void badMessagesAndDeviceErrorsAreCountedNotThrown() throws Exception {
        FakeOutput out = new FakeOutput(64, null);
        assertFalse(out.trySend(0x3C)); // not a status byte
        assertFalse(out.trySend(0xF0)); // sysex is not a short message
        assertTrue(out.trySend(0xE5 | 64 << 16)); // the fake device throws on 0xE5
        assertTrue(out.trySend(0xFC));
        long end = System.currentTimeMillis() + 2000;
        while (out.sent() + out.dropped() < 4 && System.currentTimeMillis() < end) {
            Thread.sleep(2);
        }
        assertEquals(List.of(0xFC), out.delivered);
        assertEquals(3, out.dropped());
        assertEquals("device refused", out.lastError());
        out.close();
    }

    @Test
    void trySendAllocatesNothing() throws Exception {
        FakeOutput out = new FakeOutput(1 << 16, null);
        for (int i = 0; i < 20_000; i++) {
            out.trySend(0x90 | (i % 128) << 8 | 1 << 16);
        }
        Thread.sleep(200);
        if (ThreadAllocation.supported()) {
            // one clean window out of three (ThreadAllocation.windowBytes says why not every window)
            long[] windows = ThreadAllocation.windowBytes(3, w -> {
                for (int i = 0; i < 20_000; i++) {
                    out.trySend(0x80 | (i % 128) << 8);
                }
            });
            assertEquals(0, Arrays.stream(windows).min().getAsLong(),
                    "bytes allocated by 20,000 trySend (windows: " + Arrays.toString(windows) + ")");
        }
        out.close();
    }
}
