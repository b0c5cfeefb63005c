package org.nesjam.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NesjamThreadTest {
    @Test
    void namesAndTagsFollowTheRole() {
        assertEquals("nesjam-audio", NesjamThread.AUDIO.threadName());
        assertEquals("nesjam-midi-in-kbd", NesjamThread.MIDI_IN.threadName("kbd"));
        assertEquals("[generator-thread]", NesjamThread.GENERATOR.tag());
        assertEquals("nesjam-fault-reporter", NesjamThread.FAULT_REPORTER.newThread(() -> { }).getName());
        assertEquals("nesjam-audio-wav", NesjamThread.AUDIO.newThread("wav", () -> { }).getName());
    }

    @Test
    void aThreadBelongsToItsRoleOnly() throws InterruptedException {
        Thread page = NesjamThread.CONTROL_PAGE.daemonFactory().newThread(() -> { });
        assertTrue(page.isDaemon());
        assertTrue(NesjamThread.CONTROL_PAGE.is(page));
        assertFalse(NesjamThread.CONTROL.is(page), "control-page is not a control thread");
        assertTrue(NesjamThread.CONTROL.is(NesjamThread.CONTROL.newThread("jam", () -> { })));
        assertFalse(NesjamThread.AUDIO.is(new Thread(() -> { }, "nesjam-audiophile")));
        boolean[] seen = new boolean[2];
        Thread audio = NesjamThread.AUDIO.newThread("test", () -> {
            seen[0] = NesjamThread.AUDIO.isCurrent();
            seen[1] = NesjamThread.GENERATOR.isCurrent();
        });
        audio.start();
        audio.join();
        assertTrue(seen[0]);
        assertFalse(seen[1]);
        assertFalse(NesjamThread.AUDIO.isCurrent());
    }
}
