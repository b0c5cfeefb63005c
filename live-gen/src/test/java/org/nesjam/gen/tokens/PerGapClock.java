package org.nesjam.gen.tokens;

import java.util.List;
import java.util.TreeMap;

/**
 * The reference for per-gap wait rounding (LakhNES's): maps an exact event time of a song to where a decoder puts it,
 * the sum of the quantised gaps between the song's distinct event times up to it. Built from the normalised notes,
 * so it sees the same event times the codec does.
 */
final class PerGapClock {
    private final TreeMap<Long, Long> decodedAt = new TreeMap<>();

    PerGapClock(List<NesNote> normalisedNotes, long endSample) {
        java.util.TreeSet<Long> times = new java.util.TreeSet<>();
        for (NesNote note : normalisedNotes) {
            times.add(note.startSample());
            times.add(note.endSample());
        }
        times.add(endSample);
        long prev = 0;
        long decoded = 0;
        decodedAt.put(0L, 0L);
        for (long t : times) {
            if (t > prev) {
                decoded += Tx1Vocab.quantizeWait(t - prev);
                prev = t;
            }
            decodedAt.put(t, decoded);
        }
    }

    /** The decoded time of exact time {@code sampleTime} (an event time of the song, or its end). */
    long decoded(long sampleTime) {
        return decodedAt.floorEntry(sampleTime).getValue();
    }

    /** The decoded length of the whole song: the time of its last event or end. */
    long decodedEnd() {
        return decodedAt.lastEntry().getValue();
    }
}
