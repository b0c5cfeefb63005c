package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.nesjam.apu.FilterMode;
import org.nesjam.audio.WavWriter;
import org.nesjam.midi.MidiFormatException;

/**
 * {@code nesjam render FILE.mid -o OUT.wav [--rate 44100|48000|96000] [--pal] [--filter nes|famicom|off]}: the song
 * through the APU instrument into a 16-bit mono WAV file, as fast as possible, with progress on stderr for long
 * renders. [main-thread]
 */
public final class RenderCommand implements CliCommand {
    /** Longest song rendered to WAV (a WAV file holds at most 4 GiB). */
    static final double MAX_SECONDS = 6 * 3600;

    @Override
    public String name() {
        return "render";
    }

    @Override
    public String usage() {
        return "render FILE.mid -o OUT.wav [--rate 44100|48000|96000] [--pal] [--filter nes|famicom|off]   render a"
                + " MIDI file through the APU (channels 1-4 or NES-MDB tracks); " + HostOptions.USAGE;
    }

    @Override
    public Set<String> valuedOptions() {
        Set<String> v = new java.util.HashSet<>(Set.of("o", "rate", "filter"));
        v.addAll(HostOptions.VALUED);
        return v;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("pal");
    }

    /** Parse --rate, --pal and --filter. */
    static ApuRender.Options options(Args args) {
        int rate = args.getInt("rate", 48000);
        if (rate != 44100 && rate != 48000 && rate != 96000) {
            throw new UserError("--rate must be 44100, 48000 or 96000, got " + rate);
        }
        String f = args.get("filter", "nes");
        FilterMode filter = FilterMode.parse(f);
        if (filter == null) {
            throw new UserError("--filter must be nes, famicom or off, got '" + f + "'");
        }
        return new ApuRender.Options(rate, args.flag("pal"), filter);
    }

    /** Read a MIDI file for the CLI: every problem is one {@link UserError} line. */
    static MidiSong readSong(String file, int sampleRate) {
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

    @Override
    public int run(Args args) throws Exception {
        String in = args.positional(0, "input MIDI file (nesjam render FILE.mid -o OUT.wav)");
        if (args.positionals().size() > 1) {
            throw new UserError("render: unexpected argument '" + args.positionals().get(1) + "'");
        }
        String out = args.get("o", null);
        if (out == null) {
            throw new UserError("render needs -o OUT.wav");
        }
        ApuRender.Options options = options(args);
        HostOptions host = HostOptions.from(args);
        MidiSong song = readSong(in, options.sampleRate());
        renderToWav(song, options, Path.of(out), host.isDefault() && host.pluginDirs().isEmpty() ? null : host);
        return 0;
    }

    /** Render {@code song} into the WAV file {@code out}, printing progress and a summary line. */
    static void renderToWav(MidiSong song, ApuRender.Options options, Path out) throws IOException {
        renderToWav(song, options, out, null);
    }

    /** As above; with {@code host} (non-null), the chain comes from --scene/--preset/--set/--plugins. */
    static void renderToWav(MidiSong song, ApuRender.Options options, Path out, HostOptions host) throws IOException {
        if (host != null) {
            HostRender.check(song, options, host); // bad presets/scenes fail before the output file is touched
        }
        if (song.seconds() > MAX_SECONDS) {
            throw new UserError(String.format(Locale.ROOT, "%s: the song lasts %.1f h; render supports up to %.0f h",
                    song.name(), song.seconds() / 3600, MAX_SECONDS / 3600));
        }
        if (Files.isDirectory(out)) {
            throw new UserError(out + ": is a directory; give a file name for -o");
        }
        long startNanos = System.nanoTime();
        Progress progress = new Progress(song.lengthFrames());
        long dropped;
        try (WavWriter wav = openWav(out, options.sampleRate())) {
            dropped = host == null ? ApuRender.render(song, options, wav, progress)
                    : HostRender.render(song, options, wav, progress, host);
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

    /** Percent progress on stderr, at most every half second, only once a render has taken over a second. */
    static final class Progress implements java.util.function.LongConsumer {
        private final long total;
        private final long startNanos = System.nanoTime();
        private long lastNanos;
        private boolean shown;

        Progress(long totalFrames) {
            this.total = Math.max(1, totalFrames);
        }

        @Override
        public void accept(long frames) {
            long now = System.nanoTime();
            if (now - startNanos < 1_000_000_000L || now - lastNanos < 500_000_000L) {
                return;
            }
            lastNanos = now;
            shown = true;
            System.err.printf(Locale.ROOT, "\rrendering %3d%%", frames * 100 / total);
            System.err.flush();
        }

        void done() {
            if (shown) {
                System.err.println("\rrendering 100%");
            }
        }
    }
}
