package org.nesjam.app.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nesjam.app.Progress;
import org.nesjam.app.UserError;
import org.nesjam.audio.WavWriter;
import org.nesjam.midi.MidiFormatException;

/**
 * A MIDI song into a 16-bit mono WAV file through the APU instrument (or a plugin chain, {@link HostRender}), as
 * fast as possible, with progress on a terminal; shared by {@code render}, {@code generate -o OUT.wav} and
 * {@code play} without an audio device. [main-thread]
 */
public final class WavRender {
    /** Longest song rendered to WAV (a WAV file holds at most 4 GiB). */
    public static final double MAX_SECONDS = 6 * 3600;

    private WavRender() {
    }

    /** Reads a MIDI file: every problem is one {@link UserError} line. */
    public static MidiSong readSong(String file, int sampleRate) {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new UserError(file + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new UserError(file + ": is a directory, not a MIDI file");
        }
        try {
            return MidiSong.read(path, sampleRate);
        } catch (MidiFormatException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Renders {@code song} into the WAV file {@code out} (already chosen by the command's output rules), printing a
     * summary line on stdout; with {@code chain} (non-null) through the chain {@code --scene/--preset/--set/--plugins}
     * give, checked before the file is touched.
     */
    public static void render(MidiSong song, ApuRender.Options options, Path out, HostRender.Chain chain)
            throws IOException {
        if (chain != null) {
            HostRender.check(song, options, chain); // bad presets/scenes fail before the output file is touched
        }
        if (song.seconds() > MAX_SECONDS) {
            throw new UserError(String.format(Locale.ROOT, "%s: the song lasts %.1f h; render supports up to %.0f h",
                    song.name(), song.seconds() / 3600, MAX_SECONDS / 3600));
        }
        long startNanos = System.nanoTime();
        Progress progress = new Progress("rendering", "frames", song.lengthFrames());
        long dropped;
        try (WavWriter wav = openWav(out, options.sampleRate())) {
            dropped = chain == null ? ApuRender.render(song, options, wav, progress::update)
                    : HostRender.render(song, options, wav, progress::update, chain);
        }
        progress.done();
        double seconds = song.lengthFrames() / (double) options.sampleRate();
        double took = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %.1f s of audio, %d Hz, %s, filter %s, %s mapping; rendered in %.2f s"
                        + " (%.0fx real time)%n", out, seconds, options.sampleRate(), options.pal() ? "PAL" : "NTSC",
                options.filter().name().toLowerCase(Locale.ROOT), song.nesMdb() ? "NES-MDB" : "channels 1-4", took,
                seconds / Math.max(took, 1e-9));
        if (dropped > 0) {
            System.err.println("nesjam: warning: " + dropped + " events dropped (too many in one block)");
        }
    }

    private static WavWriter openWav(Path out, int rate) {
        try {
            return new WavWriter(out, rate, 1, ApuRender.BLOCK_FRAMES);
        } catch (IOException e) {
            throw new UserError(out + ": cannot write: " + e.getMessage());
        }
    }
}
