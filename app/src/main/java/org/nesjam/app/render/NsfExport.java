package org.nesjam.app.render;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nesjam.app.UserError;
import org.nesjam.apu.ApuWriteLog;
import org.nesjam.apu.FilterMode;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.apu.instrument.ApuRegisterCapture;
import org.nesjam.apu.nsf.FrameStream;
import org.nesjam.apu.nsf.NsfException;
import org.nesjam.apu.nsf.NsfWriter;

/**
 * The one NSF export path of {@code export}, {@code generate -o OUT.nsf} and {@code jam --record}: each song's MIDI
 * goes through the APU instrument's MIDI driver ({@link ApuRegisterCapture}, the instrument configured as
 * {@code render} configures it), its register writes become a {@link FrameStream} and the songs an NSF
 * ({@link NsfWriter}). Never replaces a file that is not an NSF nesjam wrote unless {@code --force} says so; writes
 * through a temporary file, so a failed export leaves the old file as it was. Problems are one-line
 * {@link UserError}s. [main-thread]
 */
public final class NsfExport {
    /** Sample rate of the MIDI songs given to the capture (the same as {@code render}'s default). */
    public static final int SAMPLE_RATE = 48000;

    private NsfExport() {
    }

    /** The header texts (null: the defaults, {@code defaultTitle}, "nesjam", the year). */
    public static NsfWriter.Info info(String title, String artist, String copyright, String defaultTitle) {
        return new NsfWriter.Info(title != null ? title : defaultTitle, artist != null ? artist : "nesjam",
                copyright != null ? copyright : Year.now() + " nesjam");
    }

    /** Fail before any work when {@code out} cannot be an NSF we may write. */
    public static void checkTarget(Path out, boolean force) {
        if (Files.isDirectory(out)) {
            throw new UserError(out + ": is a directory; give a file name for -o");
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError(out + ": cannot write: the directory " + dir + " does not exist");
        }
        if (Files.exists(out) && !force) {
            boolean ours;
            try {
                ours = Files.isRegularFile(out) && NsfWriter.isNesjamNsf(out);
            } catch (IOException e) {
                ours = false;
            }
            if (!ours) {
                throw new UserError(out + ": exists and is not an NSF nesjam wrote; not replacing it (choose another"
                        + " name, or pass --force)");
            }
        }
    }

    /** The frame stream of {@code song} played by {@code settings}' parameters (region, duties, levels...). */
    public static FrameStream stream(MidiSong song, ApuInstrument settings, int sampleRate) {
        ApuRegisterCapture capture = new ApuRegisterCapture(settings, sampleRate);
        for (int i = 0; i < song.eventCount(); i++) {
            capture.midi(song.sampleTime(i), song.message(i));
        }
        ApuWriteLog log = capture.writes();
        long endCycle = Math.round(song.lengthFrames() * log.region().cpuHz() / sampleRate);
        try {
            return FrameStream.encode(log, endCycle, log.region());
        } catch (NsfException e) {
            throw new UserError(song.name() + ": " + e.getMessage());
        }
    }

    /** {@code render}'s instrument for {@code song} (50 % duty for ordinary MIDI files), NTSC or PAL. */
    public static ApuInstrument instrument(MidiSong song, boolean pal) {
        return ApuRender.instrument(song, new ApuRender.Options(SAMPLE_RATE, pal, FilterMode.NES));
    }

    /** Export MIDI songs read at {@link #SAMPLE_RATE} as one NSF, song 1 first. */
    public static void export(List<MidiSong> songs, Path out, NsfWriter.Info info, boolean pal, boolean force) {
        checkTarget(out, force);
        List<FrameStream> streams = new ArrayList<>();
        for (MidiSong s : songs) {
            streams.add(stream(s, instrument(s, pal), SAMPLE_RATE));
        }
        write(streams, out, info, pal, force, System.out);
    }

    /** Write the NSF of {@code streams} to {@code out} and print a summary line on {@code report}. */
    public static void write(List<FrameStream> streams, Path out, NsfWriter.Info info, boolean pal, boolean force,
                      java.io.PrintStream report) {
        checkTarget(out, force);
        org.nesjam.apu.ApuRegion region = pal ? org.nesjam.apu.ApuRegion.PAL : org.nesjam.apu.ApuRegion.NTSC;
        byte[] nsf;
        try {
            nsf = NsfWriter.build(streams, info, region);
        } catch (NsfException e) {
            throw new UserError(out + ": " + e.getMessage());
        }
        Path tmp = out.resolveSibling("." + out.getFileName() + ".part");
        try {
            Files.write(tmp, nsf);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file could not be written in the first place
            }
            String why = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such directory" : e.getMessage();
            throw new UserError(out + ": cannot write: " + why);
        }
        long frames = 0;
        int writes = 0;
        int maxInFrame = 0;
        for (FrameStream s : streams) {
            frames += s.frames();
            writes += s.writes();
            maxInFrame = Math.max(maxInFrame, s.maxWritesInFrame());
        }
        report.printf(Locale.ROOT, "%s: NSF, %d song%s, %.1f s, %s, %,d register writes (at most %d in a"
                        + " frame), %,d bytes%n", out, streams.size(), streams.size() == 1 ? "" : "s",
                frames * FrameStream.playPeriodMicros(region) / 1e6, pal ? "PAL" : "NTSC", writes, maxInFrame,
                nsf.length);
    }
}
