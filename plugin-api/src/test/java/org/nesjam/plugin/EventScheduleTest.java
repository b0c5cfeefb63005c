package org.nesjam.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nesjam.threads.NesjamThread;
import org.nesjam.threads.ThreadAllocation;

/** Rollback: scheduled events of an old epoch at or after the rollback's time are dropped; everything else stays. */
class EventScheduleTest {
    private static int on(int ch, int note) {
        return Midi.pack(Midi.NOTE_ON | ch, note, 100);
    }

    /** Takes every pending event, earliest first, as {@code {sampleTime, packedMidi}}. */
    private static List<long[]> drain(PendingEvents pending) {
        List<long[]> out = new ArrayList<>();
        while (pending.size() > 0) {
            out.add(new long[] {pending.peekSampleTime(), pending.peekMidi()});
            pending.removeTop();
        }
        return out;
    }

    @Test
    void oldEpochEventsAtOrAfterTheRollbackAreDroppedWaitingOrOnArrival() {
        EventSchedule s = new EventSchedule(64, 64);
        s.schedule(1000, on(0, 69), 0);
        s.schedule(3000, on(1, 72), 0);
        s.schedule(3100, on(1, 73), 0);
        s.receive(null); // all three wait on the audio side now
        List<long[]> rollbacks = new ArrayList<>();
        s.rollback(1, 2000);
        s.schedule(4000, on(0, 64), 1);
        s.schedule(2500, on(0, 67), 0); // a stale epoch-0 event published after the rollback: dropped on arrival
        s.schedule(1500, on(3, 65), 0); // an epoch-0 event before the rollback's time stays
        s.schedule(2000, on(2, 60), 0); // "at or after": dropped
        s.receive((epoch, from) -> rollbacks.add(new long[] {epoch, from}));
        assertEquals(1, rollbacks.size());
        assertEquals(List.of(1L, 2000L), List.of(rollbacks.get(0)[0], rollbacks.get(0)[1]));
        assertEquals(1, s.epoch());
        List<long[]> left = drain(s.pending());
        assertEquals(List.of(1000L, 1500L, 4000L), left.stream().map(e -> e[0]).toList());
        assertEquals(on(3, 65), (int) left.get(1)[1]);
        assertEquals(4, s.rolledBackEvents(), "3000, 3100 waiting; 2500, 2000 on arrival");
        assertEquals(7, s.scheduledCount());
    }

    @Test
    void epochsOnlyGrow() {
        EventSchedule s = new EventSchedule(16, 16);
        s.rollback(5, 0);
        s.rollback(3, 0); // ignored
        s.schedule(300, on(0, 69), 4); // older than 5: dropped
        s.schedule(600, on(0, 72), 5);
        int[] told = {0};
        s.receive((epoch, from) -> told[0]++);
        assertEquals(1, told[0]);
        assertEquals(5, s.epoch());
        assertEquals(List.of(600L), drain(s.pending()).stream().map(e -> e[0]).toList());
        assertEquals(1, s.rolledBackEvents());
    }

    @Test
    void aFullRingMakesTheProducerWaitUntilDrainedOrClosed() throws Exception {
        EventSchedule s = new EventSchedule(4, 64);
        for (int i = 0; i < 4; i++) {
            assertTrue(s.schedule(i, on(0, 60), 0));
        }
        AtomicBoolean fifth = new AtomicBoolean();
        Thread producer = NesjamThread.GENERATOR.newThread("test", () -> fifth.set(s.schedule(4, on(0, 60), 0)));
        producer.start();
        producer.join(50);
        assertTrue(producer.isAlive(), "waits while the ring is full");
        s.receive(null);
        producer.join(5_000);
        assertTrue(fifth.get(), "published once the audio side drained the ring");
        s.receive(null);
        for (int i = 0; i < 4; i++) {
            s.schedule(10 + i, on(0, 60), 0);
        }
        Thread stuck = NesjamThread.GENERATOR.newThread("test", () -> fifth.set(s.schedule(20, on(0, 60), 0)));
        stuck.start();
        stuck.join(50);
        s.close();
        stuck.join(5_000);
        assertFalse(stuck.isAlive());
        assertFalse(fifth.get(), "a closed schedule publishes nothing");
        s.receive(null);
        assertEquals(9, s.pending().size());
        assertEquals(0, s.pendingOverflow());
    }

    @Test
    void theAudioSideAllocatesNothingWhileAWorkerSchedulesAndRollsBack() throws Exception {
        assumeTrue(ThreadAllocation.supported(), "per-thread allocation counting unsupported");
        EventSchedule s = new EventSchedule(1024, 4096);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong playhead = new AtomicLong();
        Thread worker = NesjamThread.GENERATOR.newThread("test", () -> {
            int epoch = 0;
            long t = 0;
            for (int i = 1; running.get(); i++) {
                t = Math.max(t, playhead.get()) + 37;
                if (!s.schedule(t, on(0, 60 + i % 12), epoch)) {
                    return;
                }
                if (i % 50 == 0 && !s.rollback(++epoch, t - 200)) {
                    return;
                }
            }
        });
        worker.start();
        int[] rollbacks = {0};
        EventSchedule.RollbackListener listener = (epoch, from) -> rollbacks[0]++;
        long[] bytes = ThreadAllocation.windowBytes(8, w -> {
            for (int block = 0; block < 20_000; block++) {
                s.receive(listener);
                long end = playhead.get() + 256;
                PendingEvents p = s.pending();
                while (p.size() > 0 && p.peekSampleTime() < end) {
                    p.removeTop();
                }
                playhead.set(end);
            }
        });
        running.set(false);
        s.close();
        worker.join(5_000);
        assertTrue(rollbacks[0] > 0 && s.rolledBackEvents() > 0, "rollbacks were exercised");
        assertEquals(0, bytes[bytes.length - 1], "a window without allocation: " + Arrays.toString(bytes));
    }
}
