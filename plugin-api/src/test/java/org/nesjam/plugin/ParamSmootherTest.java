package org.nesjam.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamSmootherTest {

    @Test
    void rampReachesTheTargetExactlyAfterRampFramesInEqualSteps() {
        ParamSmoother s = new ParamSmoother(0.2);
        s.setRampTime(48000, 10); // 480 frames
        assertEquals(480, s.rampFrames());
        s.setTarget(1.0);
        double prev = 0.2;
        double maxStep = 0;
        for (int i = 0; i < 479; i++) {
            double v = s.next();
            maxStep = Math.max(maxStep, Math.abs(v - prev));
            prev = v;
        }
        assertTrue(s.isRamping());
        assertEquals(1.0, s.next(), 0.0, "exactly the target on frame 480");
        assertFalse(s.isRamping());
        assertEquals(s.maxStep(0.8), maxStep, 1e-12);
        assertEquals(0.8 / 480, s.maxStep(0.8), 1e-15);
    }

    @Test
    void retargetMidRampStartsFromTheCurrentValueAndSkipMatchesNext() {
        ParamSmoother a = new ParamSmoother(0);
        ParamSmoother b = new ParamSmoother(0);
        a.setRampFrames(100);
        b.setRampFrames(100);
        a.setTarget(1);
        b.setTarget(1);
        for (int i = 0; i < 30; i++) {
            a.next();
        }
        b.skip(30);
        assertEquals(a.current(), b.current(), 1e-12);
        a.setTarget(0);
        assertEquals(0.3 - 0.3 / 100, a.next(), 1e-12);
        assertEquals(0.0, b.skip(1000) - 1.0, 0.0);
        a.reset(5);
        assertEquals(5, a.next());
        ParamSmoother c = new ParamSmoother(0);
        c.setRampFrames(10);
        c.setTarget(1);
        c.next();
        ParamSmoother d = new ParamSmoother(0);
        d.restore(c.current(), c.target(), c.step(), c.remainingFrames());
        for (int i = 0; i < 12; i++) {
            assertEquals(c.next(), d.next(), 0.0);
        }
    }
}
