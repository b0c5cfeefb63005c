package org.nesjam.app.live;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nesjam.plugin.Midi;

/**
 * The piano roll's notes, built from {@link NoteFeed} events: the player's notes (MIDI channels 1-4 are the voices
 * P1, P2, TR, NO; others fold onto them) and the model's plan, with rollbacks applied (a new epoch removes the planned
 * notes that start at or after its time and reopens the ones that span it). Times are engine sample times. Whether a
 * model note was heard or is still planned is the page's to draw: before the playhead it has sounded (unless its voice
 * is muted), after it, it is the lookahead. Notes that ended more than {@code keepSamples} before the playhead are
 * forgotten; at most {@link #MAX_NOTES} are kept. [page-feed-thread]
 */
public final class RollModel implements NoteFeed.Sink {
    static final int MAX_NOTES = 4096;
    /** Who played a note. */
    static final int PLAYER = 0;
    static final int MODEL = 1;

    /** One note; {@code endSampleTime} is -1 while open (no note-off known yet). */
    static final class Note {
        final int voice;
        final int pitch;
        final int kind;
        final long id;
        final long startSampleTime;
        long endSampleTime = -1;

        Note(int voice, int pitch, int kind, long id, long startSampleTime) {
            this.voice = voice;
            this.pitch = pitch;
            this.kind = kind;
            this.id = id;
            this.startSampleTime = startSampleTime;
        }
    }

    private final List<Note> notes = new ArrayList<>();
    private int epoch;
    private long nextId = 1;
    private boolean changed;

    @Override
    public void accept(int kind, long sampleTime, int packedMidi, int epochOfEvent) {
        switch (kind) {
            case NoteFeed.PLAYER -> midi(PLAYER, sampleTime, packedMidi);
            case NoteFeed.PLANNED -> {
                if (epochOfEvent >= epoch) {
                    midi(MODEL, sampleTime, packedMidi);
                }
            }
            case NoteFeed.EPOCH -> rollback(epochOfEvent, sampleTime);
            default -> throw new IllegalArgumentException("kind " + kind);
        }
    }

    private void midi(int who, long sampleTime, int msg) {
        int cmd = msg & 0xF0;
        if (cmd != Midi.NOTE_ON && cmd != Midi.NOTE_OFF) {
            return;
        }
        int ch = msg & 0x0F;
        if (who == MODEL && ch > 3) {
            return;
        }
        int voice = ch & 3;
        int pitch = (msg >>> 8) & 0x7F;
        boolean on = cmd == Midi.NOTE_ON && ((msg >>> 16) & 0x7F) > 0;
        if (who == MODEL) { // a model voice is monophonic: a new note ends the one before
            for (Note n : notes) {
                if (n.kind == MODEL && n.voice == voice && isOpenAt(n, sampleTime)) {
                    if (on || n.pitch == pitch) {
                        n.endSampleTime = sampleTime;
                    }
                }
            }
        } else if (!on) {
            for (Note n : notes) {
                if (n.kind == PLAYER && n.voice == voice && n.pitch == pitch && n.endSampleTime < 0) {
                    n.endSampleTime = sampleTime;
                }
            }
        }
        if (on) {
            notes.add(new Note(voice, pitch, who, nextId++, sampleTime));
        }
        changed = true;
    }

    private static boolean isOpenAt(Note n, long sampleTime) {
        return n.startSampleTime <= sampleTime && (n.endSampleTime < 0 || n.endSampleTime > sampleTime);
    }

    private void rollback(int newEpoch, long fromSampleTime) {
        if (newEpoch <= epoch) {
            return;
        }
        epoch = newEpoch;
        for (Iterator<Note> it = notes.iterator(); it.hasNext(); ) {
            Note n = it.next();
            if (n.kind != MODEL) {
                continue;
            }
            if (n.startSampleTime >= fromSampleTime) {
                it.remove();
            } else if (n.endSampleTime > fromSampleTime) {
                n.endSampleTime = -1; // its note-off belonged to the dropped future; the new plan ends it
            }
        }
        changed = true;
    }

    /**
     * Forgets notes that ended before {@code playheadSampleTime - keepSamples}; an open model note older than
     * {@code maxNoteSamples} counts as ended there (the plugin's hang guard ends it).
     */
    void prune(long playheadSampleTime, long keepSamples, long maxNoteSamples) {
        long before = playheadSampleTime - keepSamples;
        boolean removed = notes.removeIf(n -> {
            long end = n.endSampleTime >= 0 ? n.endSampleTime : n.startSampleTime + maxNoteSamples;
            return end < before && (n.endSampleTime >= 0 || n.kind == MODEL);
        });
        while (notes.size() > MAX_NOTES) {
            notes.remove(0);
            removed = true;
        }
        changed |= removed;
    }

    /** True once since the notes last changed (then false until they change again). */
    boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    List<Note> notes() {
        return notes;
    }

    /**
     * The notes as a JSON array of {@code [voice, pitch, kind, id, startMs, endMs]} (ms of engine time at
     * {@code sampleRate}; endMs -1 while open).
     */
    String json(double sampleRate) {
        StringBuilder b = new StringBuilder(notes.size() * 32 + 2).append('[');
        double msPerSample = 1000.0 / sampleRate;
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append('[').append(n.voice).append(',').append(n.pitch).append(',').append(n.kind).append(',')
                    .append(n.id).append(',');
            tenths(b, n.startSampleTime * msPerSample).append(',');
            if (n.endSampleTime < 0) {
                b.append("-1");
            } else {
                tenths(b, n.endSampleTime * msPerSample);
            }
            b.append(']');
        }
        return b.append(']').toString();
    }

    /** Appends {@code ms} with one decimal ({@code 12.3}); the feed writes many, so without String.format. */
    static StringBuilder tenths(StringBuilder b, double ms) {
        long t = Math.round(ms * 10);
        if (t < 0) {
            b.append('-');
            t = -t;
        }
        return b.append(t / 10).append('.').append(t % 10);
    }
}
