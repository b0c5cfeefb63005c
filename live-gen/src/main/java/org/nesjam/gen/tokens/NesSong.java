package org.nesjam.gen.tokens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A song for the four NES voices: notes with sample times (44.1 kHz) and the song's end
 * ({@code endSample}: NES-MDB's last time-signature event, trailing silence included). Immutable.
 * Notes are kept sorted by start sample, then voice order, then pitch.
 */
public record NesSong(String name, List<NesNote> notes, long endSample) {
    static final Comparator<NesNote> ORDER = Comparator.comparingLong(NesNote::startSample)
            .thenComparing(NesNote::voice).thenComparingInt(NesNote::pitch).thenComparingLong(NesNote::endSample);

    public NesSong {
        List<NesNote> sorted = new ArrayList<>(notes);
        sorted.sort(ORDER);
        notes = List.copyOf(sorted);
        if (endSample < 0) {
            throw new IllegalArgumentException("negative song end " + endSample);
        }
    }

    /** The notes of one voice, in time order. */
    public List<NesNote> notes(Voice v) {
        List<NesNote> out = new ArrayList<>();
        for (NesNote n : notes) {
            if (n.voice() == v) {
                out.add(n);
            }
        }
        return out;
    }

    /** The latest note end, or 0 with no notes. */
    public long lastNoteEnd() {
        long end = 0;
        for (NesNote n : notes) {
            end = Math.max(end, n.endSample());
        }
        return end;
    }

    /** Length in seconds: the later of the song end and the last note end. */
    public double seconds() {
        return Math.max(endSample, lastNoteEnd()) / (double) Tx1Vocab.SAMPLE_RATE;
    }

    public NesSong withNotes(List<NesNote> newNotes, long newEndSample) {
        return new NesSong(name, newNotes, newEndSample);
    }
}
