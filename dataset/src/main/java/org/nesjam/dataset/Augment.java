package org.nesjam.dataset;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.nesjam.gen.tokens.NesNote;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Voice;

/**
 * LakhNES's data augmentations on {@link NesSong}s (its {@code model/utils/augment.py} and
 * {@code Vocab.encode_file}), applied to notes rather than to token text. Stateless, thread-safe.
 */
public final class Augment {
    private Augment() {
    }

    /**
     * Moves P1, P2 and TR by {@code semitones}; a note that leaves its voice's range is dropped (the voice is
     * silent there). The noise voice is not a pitch and stays.
     */
    public static NesSong transpose(NesSong song, int semitones) {
        if (semitones == 0) {
            return song;
        }
        List<NesNote> out = new ArrayList<>(song.notes().size());
        for (NesNote n : song.notes()) {
            if (!n.voice().pitched()) {
                out.add(n);
                continue;
            }
            int p = n.pitch() + semitones;
            if (n.voice().inRange(p)) {
                out.add(new NesNote(n.voice(), p, n.startSample(), n.endSample()));
            }
        }
        return song.withNotes(out, song.endSample());
    }

    /**
     * Plays the song at {@code speed} (1.05 = 5 % faster): every time t becomes round(t / speed), as LakhNES's
     * {@code nesmdb_stretch}. Notes that shrink to nothing are dropped by the codec.
     */
    public static NesSong stretch(NesSong song, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, got " + speed);
        }
        if (speed == 1.0) {
            return song;
        }
        double k = 1.0 / speed;
        List<NesNote> out = new ArrayList<>(song.notes().size());
        for (NesNote n : song.notes()) {
            out.add(new NesNote(n.voice(), n.pitch(), Math.round(n.startSample() * k), Math.round(n.endSample() * k)));
        }
        return song.withNotes(out, Math.round(song.endSample() * k));
    }

    /** Exchanges the two pulse voices. */
    public static NesSong swapPulses(NesSong song) {
        List<NesNote> out = new ArrayList<>(song.notes().size());
        for (NesNote n : song.notes()) {
            Voice v = n.voice() == Voice.P1 ? Voice.P2 : n.voice() == Voice.P2 ? Voice.P1 : n.voice();
            out.add(new NesNote(v, n.pitch(), n.startSample(), n.endSample()));
        }
        return song.withNotes(out, song.endSample());
    }

    /** Keeps only the notes of {@code voices}. */
    public static NesSong selectVoices(NesSong song, EnumSet<Voice> voices) {
        List<NesNote> out = new ArrayList<>(song.notes().size());
        for (NesNote n : song.notes()) {
            if (voices.contains(n.voice())) {
                out.add(n);
            }
        }
        return song.withNotes(out, song.endSample());
    }

    /**
     * LakhNES's random training augmentation, in its order: with probability 1/2 keep a random subset of 1 to 3
     * of the 4 voices; with probability 1/2 swap P1 and P2; transpose by a uniform -6..+6 semitones; stretch by
     * a uniform speed in [0.95, 1.05).
     */
    public static NesSong random(NesSong song, SplittableRandom rnd) {
        NesSong s = song;
        if (rnd.nextBoolean()) {
            int count = rnd.nextInt(1, 4);
            List<Voice> all = new ArrayList<>(List.of(Voice.values()));
            EnumSet<Voice> keep = EnumSet.noneOf(Voice.class);
            for (int i = 0; i < count; i++) {
                keep.add(all.remove(rnd.nextInt(all.size())));
            }
            s = selectVoices(s, keep);
        }
        if (rnd.nextBoolean()) {
            s = swapPulses(s);
        }
        s = transpose(s, rnd.nextInt(-6, 7));
        return stretch(s, 0.95 + 0.1 * rnd.nextDouble());
    }
}
