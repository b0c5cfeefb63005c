package org.nesjam.app;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@code nesjam play FILE.mid}: plays a MIDI file through the APU, live on the audio output ({@link AudioOptions}:
 * JACK when a server runs, javax.sound on desktops, {@code --audio wav:FILE|stdout}). Without an audio device (and
 * with {@code -o} or plugin/preset options, not yet supported live) it says so in one line and renders the song to
 * {@code FILE.wav} in the current directory instead (same options as {@code render}; {@code -o} names another
 * file). [main-thread]
 */
public final class PlayCommand implements CliCommand {
    @Override
    public String name() {
        return "play";
    }

    @Override
    public String usage() {
        return "play [FILE.mid] [--rate HZ] [--pal] [--filter nes|famicom|off]   without FILE: the live instrument (MIDI in"
                + " -> APU -> audio; [--cc KEY=CC] [--chain FILE] [--seconds N] [--no-midi] " + ControlPage.USAGE + " "
                + MidiOptions.USAGE
                + "); with FILE: play it through the APU, live (no audio device: writes FILE.wav); "
                + AudioOptions.USAGE + " " + HostOptions.USAGE;
    }

    @Override
    public Set<String> valuedOptions() {
        Set<String> v = new java.util.HashSet<>(Set.of("rate", "filter", "o", CcOption.NAME, "chain", "seconds",
                ControlPage.OPTION, ControlPage.HOST_OPTION));
        v.addAll(MidiOptions.VALUED);
        v.addAll(HostOptions.VALUED);
        v.addAll(AudioOptions.VALUED);
        return v;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("pal", "no-midi");
    }

    @Override
    public int run(Args args) throws Exception {
        if (args.positionals().isEmpty()) {
            return LivePlay.run(args);
        }
        String in = args.positionals().get(0);
        if (args.positionals().size() > 1) {
            throw new UserError("play: unexpected argument '" + args.positionals().get(1) + "'");
        }
        ApuRender.Options options = RenderCommand.options(args);
        HostOptions hostOptions = HostOptions.from(args);
        AudioOptions audio = AudioOptions.from(args);
        if (audio.liveOutput() && hostOptions.isDefault() && hostOptions.pluginDirs().isEmpty() && !args.has("o")) {
            // live: through the real-time engine on the chosen audio output (added by the audio engineer)
            org.nesjam.audio.AudioBackends.Opened live = audio.open();
            try {
                ApuRender.Options o = new ApuRender.Options(live.config().sampleRate(), options.pal(),
                        options.filter());
                MidiSong liveSong = RenderCommand.readSong(in, o.sampleRate());
                return audio.play(new org.nesjam.host.rt.Engine(java.util.List.of(ApuRender.instrument(liveSong, o))),
                        live, liveSong);
            } finally {
                live.backend().close();
            }
        }
        MidiSong song = RenderCommand.readSong(in, options.sampleRate());
        String base = Path.of(in).getFileName().toString().replaceFirst("(?i)\\.midi?$", "");
        Path out = Path.of(args.get("o", base + ".wav"));
        System.err.println("nesjam: play: no audio device on this machine; writing " + out + " instead");
        HostOptions host = HostOptions.from(args);
        RenderCommand.renderToWav(song, options, out, host.isDefault() && host.pluginDirs().isEmpty() ? null : host);
        return 0;
    }
}
