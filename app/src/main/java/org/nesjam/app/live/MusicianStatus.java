package org.nesjam.app.live;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.nesjam.gen.jam.JamMode;
import org.nesjam.gen.jam.JamParams;
import org.nesjam.gen.jam.JamPlugin;
import org.nesjam.host.rt.Engine;

/**
 * The control page's status line in a musician's words: tempo and where it comes from, the key the model is held
 * to, the mode, how far ahead the model has planned, and audio health (dropouts in the last
 * {@link #WINDOW_NANOS}) rather than counters. Each call returns a JSON-ready map of short strings. Keeps its own
 * window of dropout counts, so one instance serves one caller. [page-feed-thread]
 */
public final class MusicianStatus {
    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final String[] NOTE_NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    private final LongSupplier dropouts;
    private final long[] windowCounts = new long[41];
    private final long[] windowNanos = new long[41];
    private int samples;

    /** @param dropouts the audio output's xrun count so far */
    public MusicianStatus(LongSupplier dropouts) {
        this.dropouts = dropouts;
    }

    /** The note names C .. B, index = pitch class (sharps and flats as a musician reads them). */
    static java.util.List<String> noteNames() {
        return java.util.List.of(NOTE_NAMES);
    }

    /** Audio health: "ok", or the dropouts heard in the last 10 s. */
    String audio() {
        long now = System.nanoTime();
        long count = dropouts.getAsLong();
        int slot = samples % windowCounts.length;
        windowCounts[slot] = count;
        windowNanos[slot] = now;
        samples++;
        long oldest = count;
        for (int i = 0; i < Math.min(samples, windowCounts.length); i++) {
            if (now - windowNanos[i] <= WINDOW_NANOS) {
                oldest = Math.min(oldest, windowCounts[i]);
            }
        }
        long recent = count - oldest;
        return recent == 0 ? "ok" : recent + " dropout" + (recent == 1 ? "" : "s") + " in the last 10 s";
    }

    /** A jam's status: tempo, clock, key, mode, plan, audio. */
    public Map<String, Object> jam(JamPlugin jam, Engine engine) {
        Map<String, Object> m = new LinkedHashMap<>();
        double bpm = jam.gridTempoBpm();
        m.put("tempo", Double.isNaN(bpm) ? "" : String.format(Locale.ROOT, "%.0f BPM", bpm));
        m.put("clock", jam.clockFollowed() ? "MIDI clock" : "own tempo");
        int scale = (int) Math.round(jam.paramValue(JamParams.SCALE));
        int root = (int) Math.round(jam.paramValue(JamParams.SCALE_ROOT));
        m.put("key", scale <= 0 || scale >= JamParams.SCALE_NAMES.size() ? "any key"
                : NOTE_NAMES[Math.floorMod(root, 12)] + " " + JamParams.SCALE_NAMES.get(scale).replace('-', ' '));
        m.put("mode", JamMode.fromParam(jam.paramValue(JamParams.MODE)).cliName());
        double aheadSeconds = (jam.horizonSampleTime() - engine.playheadSampleTime()) / engine.sampleRate();
        m.put("plan", jam.workerFailure() != null ? "model stopped"
                : Double.isFinite(aheadSeconds) ? String.format(Locale.ROOT, "%.1f s ahead", Math.max(0,
                aheadSeconds)) : "starting");
        m.put("audio", audio());
        return m;
    }

    /** A live instrument's status: audio health only (it has no tempo or plan of its own). */
    Map<String, Object> play() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("audio", audio());
        return m;
    }
}
