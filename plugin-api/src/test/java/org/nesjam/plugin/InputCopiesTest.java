package org.nesjam.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each numbered live message is acted on once, whichever copy comes first; equal messages are not confused. */
class InputCopiesTest {
    @Test
    void theSecondCopyOfANumberIsDroppedInEitherOrder() {
        InputCopies c = new InputCopies(8);
        assertTrue(c.firstCopy(10));  // early copy of 10
        assertTrue(c.firstCopy(11));  // 11 comes through the block first
        assertFalse(c.firstCopy(10)); // the block's copy of 10
        assertFalse(c.firstCopy(11)); // the late early copy of 11
        assertTrue(c.firstCopy(10), "a number whose two copies came is forgotten");
    }

    @Test
    void twoEqualMessagesAreTwoMessages() {
        // the same note played twice within a few ms: two numbers, both acted on (a time window would merge them)
        InputCopies c = new InputCopies(8);
        assertTrue(c.firstCopy(20));
        assertTrue(c.firstCopy(21));
        assertFalse(c.firstCopy(20));
        assertFalse(c.firstCopy(21));
    }

    @Test
    void unnumberedMessagesHaveNoOtherCopy() {
        InputCopies c = new InputCopies(2);
        for (int i = 0; i < 5; i++) {
            assertTrue(c.firstCopy(EventBuffer.NO_SEQUENCE));
        }
    }

    @Test
    void theOldestOpenNumberIsForgottenWhenFull() {
        InputCopies c = new InputCopies(4);
        for (long n = 0; n < 5; n++) {
            assertTrue(c.firstCopy(n));
        }
        assertTrue(c.firstCopy(0), "0 was forgotten: its second copy counts as a first");
        int seconds = 0;
        for (long n = 2; n < 5; n++) {
            seconds += c.firstCopy(n) ? 0 : 1;
        }
        assertEquals(3, seconds);
        assertThrows(IllegalArgumentException.class, () -> new InputCopies(3));
    }
}
