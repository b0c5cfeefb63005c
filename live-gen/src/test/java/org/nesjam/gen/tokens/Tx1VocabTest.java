package org.nesjam.gen.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Tx1VocabTest {

    @Test
    void sizeAndLakhNesOrder() {
        assertEquals(631, Tx1Vocab.SIZE);
        assertEquals(631, Tx1Vocab.names().size());
        assertEquals("<S>", Tx1Vocab.name(0));
        assertEquals("WT_1", Tx1Vocab.name(1));
        assertEquals("WT_100", Tx1Vocab.name(100));
        assertEquals("WT_110", Tx1Vocab.name(101));
        assertEquals("WT_1000", Tx1Vocab.name(190));
        assertEquals("WT_1100", Tx1Vocab.name(191));
        assertEquals("WT_10000", Tx1Vocab.name(280));
        assertEquals("WT_11000", Tx1Vocab.name(281));
        assertEquals("WT_100000", Tx1Vocab.name(370));
        assertEquals("P1_NOTEOFF", Tx1Vocab.name(371));
        assertEquals("P1_NOTEON_33", Tx1Vocab.name(372));
        assertEquals("P1_NOTEON_108", Tx1Vocab.name(447));
        assertEquals("P2_NOTEOFF", Tx1Vocab.name(448));
        assertEquals("P2_NOTEON_108", Tx1Vocab.name(524));
        assertEquals("TR_NOTEOFF", Tx1Vocab.name(525));
        assertEquals("TR_NOTEON_21", Tx1Vocab.name(526));
        assertEquals("TR_NOTEON_108", Tx1Vocab.name(613));
        assertEquals("NO_NOTEOFF", Tx1Vocab.name(614));
        assertEquals("NO_NOTEON_1", Tx1Vocab.name(615));
        assertEquals("NO_NOTEON_16", Tx1Vocab.name(630));
        for (int i = 0; i < Tx1Vocab.SIZE; i++) {
            assertEquals(i, Tx1Vocab.id(Tx1Vocab.name(i)));
        }
    }

    @Test
    void waitCountsAndKinds() {
        int waits = 0;
        int ons = 0;
        int offs = 0;
        for (int i = 0; i < Tx1Vocab.SIZE; i++) {
            if (Tx1Vocab.isWait(i)) {
                waits++;
                assertNull(Tx1Vocab.voiceOf(i));
            } else if (Tx1Vocab.isNoteOn(i)) {
                ons++;
                Voice v = Tx1Vocab.voiceOf(i);
                assertEquals(i, Tx1Vocab.noteOn(v, Tx1Vocab.pitchOf(i)));
            } else if (Tx1Vocab.isNoteOff(i)) {
                offs++;
            }
        }
        assertEquals(370, waits);
        assertEquals(76 + 76 + 88 + 16, ons);
        assertEquals(4, offs);
        assertFalse(Tx1Vocab.isWait(Tx1Vocab.SEP));
    }

    @Test
    void nearestWaitTiesGoUp() {
        assertEquals(1, Tx1Vocab.quantizeWait(1));
        assertEquals(100, Tx1Vocab.quantizeWait(100));
        assertEquals(100, Tx1Vocab.quantizeWait(104));
        assertEquals(110, Tx1Vocab.quantizeWait(105));
        assertEquals(990, Tx1Vocab.quantizeWait(994));
        assertEquals(1000, Tx1Vocab.quantizeWait(1049));
        assertEquals(1100, Tx1Vocab.quantizeWait(1050));
        assertEquals(10_000, Tx1Vocab.quantizeWait(10_499));
        assertEquals(11_000, Tx1Vocab.quantizeWait(10_500));
        assertEquals(100_000, Tx1Vocab.quantizeWait(99_600));
        assertEquals(100_000, Tx1Vocab.quantizeWait(250_000));
        assertEquals(Tx1Vocab.id("WT_12000"), Tx1Vocab.id("WT_12345"));
        assertThrows(IllegalArgumentException.class, () -> Tx1Vocab.waitId(0));
        assertThrows(IllegalArgumentException.class, () -> Tx1Vocab.id("P1_NOTEON_20"));
        assertThrows(IllegalArgumentException.class, () -> Tx1Vocab.noteOn(Voice.NO, 17));
    }

    @Test
    void checksumIsPinnedAndMatchesShippedList() throws IOException {
        // Changing the vocabulary changes this pin: every model file records it.
        assertEquals(Tx1VocabPin.CHECKSUM, Tx1Vocab.checksum());
        try (InputStream in = Tx1Vocab.class.getResourceAsStream("tx1_vocab.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = List.of(text.strip().split("\n"));
            assertEquals(Tx1Vocab.names(), lines);
        }
        assertTrue(Tx1Vocab.checksum().matches("[0-9a-f]{64}"));
    }
}
