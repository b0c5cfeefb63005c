package org.nesjam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRankIsAlwaysAMeasuredValue() {
        double[] v = new double[1000];
        long[] l = new long[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
            l[i] = i + 1;
        }
        assertEquals(500, Percentiles.of(v, 0.5));
        assertEquals(990, Percentiles.of(v, 0.99));
        assertEquals(1000, Percentiles.of(v, 1.0));
        assertEquals(1, Percentiles.of(v, 0.0));
        assertEquals(990, Percentiles.of(l, 0.99));
        assertEquals(7, Percentiles.of(new double[] {7}, 0.99));
        assertTrue(Double.isNaN(Percentiles.of(new double[0], 0.5)));
        assertEquals(2.5, Percentiles.median(new double[] {4, 1, 3, 2}));
        assertEquals(3, Percentiles.median(new double[] {5, 1, 3}));
    }
}
