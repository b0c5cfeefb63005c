package org.nesjam.dataset;

import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.testsupport.Require;

/** LakhNES's evaluation protocol ({@link Tx1Codec#evalSequence}) on the whole NES-MDB valid split. */
class EvalSequenceTest {
    @Test
    void validSplitCountsArePinned() throws IOException {
        Path dir = Require.sharedData("data/nesmdb/valid");
        List<Path> files = TokenDataset.findMidiFiles(dir);
        assertEquals(403, files.size());
        int songs = 0;
        int skipped = 0;
        long predicted = 0;
        for (Path f : files) {
            int[] seq = Tx1Codec.evalSequence(NesMidi.read(f));
            if (seq == null) {
                skipped++;
                continue;
            }
            songs++;
            assertEquals(Tx1Vocab.SEP, seq[0]);
            assertEquals(Tx1Vocab.SEP, seq[seq.length - 1]);
            assertTrue(!Tx1Vocab.isWait(seq[1]) && !Tx1Vocab.isWait(seq[seq.length - 2]), f.toString());
            assertTrue(seq.length >= 10);
            predicted += seq.length - 1; // every token after the first <S>
        }
        assertEquals(402, songs);
        assertEquals(1, skipped);
        // the same count as nesmdb-valid.tok (641,154 events + 402 closing <S>); per-gap waits never split a gap, so
        // there are 11 fewer tokens than with the earlier cumulative rounding (641,567)
        assertEquals(641_556, predicted);
    }

    @Test
    void oneKnownFile() throws IOException {
        Path dir = Require.sharedData("data/nesmdb/valid");
        Path first = TokenDataset.findMidiFiles(dir).get(0);
        int[] seq = Tx1Codec.evalSequence(NesMidi.read(first));
        assertNotNull(seq);
        int[] events = Tx1Codec.encode(NesMidi.read(first));
        int lead = 0;
        while (Tx1Vocab.isWait(events[lead])) {
            lead++;
        }
        assertEquals(events[lead], seq[1]);
    }
}
