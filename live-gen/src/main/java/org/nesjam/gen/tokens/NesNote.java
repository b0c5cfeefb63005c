package org.nesjam.gen.tokens;

/**
 * One note of one NES voice. Times are absolute 44.1 kHz samples from the song start; {@code pitch}
 * is a MIDI note number (P1/P2/TR) or the noise period index 1..16 (NO). End is exclusive.
 */
public record NesNote(Voice voice, int pitch, long startSample, long endSample) {
    public NesNote {
        if (voice == null) {
            throw new IllegalArgumentException("voice is null");
        }
        if (startSample < 0 || endSample < startSample) {
            throw new IllegalArgumentException("bad note times " + startSample + ".." + endSample);
        }
    }

    public long lengthSamples() {
        return endSample - startSample;
    }
}
