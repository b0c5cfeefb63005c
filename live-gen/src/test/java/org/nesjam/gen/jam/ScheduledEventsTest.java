package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScheduledEventsTest {
    @Test
    void comesOutInTimeThenArrivalOrderAndDropsOnlyOldEpochsFromTheRollbackTime() {
        ScheduledEvents q = new ScheduledEvents(1000);
        SplittableRandom r = new SplittableRandom(1);
        List<long[]> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long t = r.nextInt(0, 200);
            int epoch = i < 300 ? 0 : 1;
            q.add(t, i, epoch);
            expected.add(new long[] {t, i, epoch});
        }
        // rollback: epoch 2 from t = 100 drops epochs 0 and 1 at t >= 100
        assertEquals(expected.stream().filter(e -> e[0] >= 100).count(), q.dropEpochsBefore(2, 100));
        q.add(150, 9999, 2);
        expected.removeIf(e -> e[0] >= 100);
        expected.add(new long[] {150, 9999, 2});
        expected.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1] == 9999 ? 1 << 20 : a[1],
                b[1] == 9999 ? 1 << 20 : b[1]));
        for (long[] e : expected) {
            assertEquals(e[0], q.peekSampleTime());
            assertEquals(e[1], q.peekMidi());
            q.removeTop();
        }
        assertEquals(0, q.size());
    }

    @Test
    void aFullBufferRefuses() {
        ScheduledEvents q = new ScheduledEvents(2);
        q.add(1, 1, 0);
        q.add(2, 2, 0);
        assertFalse(q.add(3, 3, 0));
        assertEquals(2, q.size());
    }
}
