package org.nesjam.app;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@code nesjam play FILE.mid}: plays a MIDI file through the APU. There is no live audio output wired to this
 * command yet: it says so in one line and renders the song to {@code FILE.wav} in the current directory instead
 * (same options as {@code render}; {@code -o} names another file). [main-thread]
 */
public final class PlayCommand implements CliCommand {
    @Override
    public String name() {
        return "play";
    }

    @Override
    public String usage() {
        return "play FILE.mid [--rate HZ] [--pal] [--filter nes|famicom|off]   play a MIDI file through the APU (for"
                + " now: writes FILE.wav); " + HostOptions.USAGE;
    }

    @Override
    public Set<String> valuedOptions() {
        Set<String> v = new java.util.HashSet<>(Set.of("rate", "filter", "o"));
        v.addAll(HostOptions.VALUED);
        return v;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("pal");
    }

    @Override
    public int run(Args args) throws Exception {
        String in = args.positional(0, "input MIDI file (nesjam play FILE.mid)");
        if (args.positionals().size() > 1) {
            throw new UserError("play: unexpected argument '" + args.positionals().get(1) + "'");
        }
        ApuRender.Options options = RenderCommand.options(args);
        MidiSong song = RenderCommand.readSong(in, options.sampleRate());
        String base = Path.of(in).getFileName().toString().replaceFirst("(?i)\\.midi?$", "");
        Path out = Path.of(args.get("o", base + ".wav"));
        System.err.println("nesjam: play: no live audio output yet; writing " + out + " instead");
        HostOptions host = HostOptions.from(args);
        RenderCommand.renderToWav(song, options, out, host.isDefault() && host.pluginDirs().isEmpty() ? null : host);
        return 0;
    }
}
