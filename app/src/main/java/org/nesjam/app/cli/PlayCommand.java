package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import org.nesjam.app.live.LivePlay;
import org.nesjam.app.live.LiveRun;
import org.nesjam.app.render.ApuRender;
import org.nesjam.app.render.MidiSong;
import org.nesjam.app.render.WavRender;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.audio.AudioBackends;
import org.nesjam.host.rt.Engine;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.discovery.PluginInfo;
import org.nesjam.host.discovery.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam play [FILE.mid]}. Without a file: the live instrument ({@link LivePlay}: MIDI in -> APU -> audio
 * out). With a file: plays it through the APU, live on the audio output ({@link AudioOptions}); without an audio
 * device (or with {@code -o} or plugin/preset options, not supported live) it says so in one line and renders the
 * song to {@code FILE.wav} in the current directory instead ({@code -o} names another file). [main-thread]
 */
@Command(name = "play", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = {"Without FILE: the live instrument (MIDI in -> APU -> audio out).",
            "With FILE: play it through the APU, live (no audio device: write FILE.wav)."})
final class PlayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.mid", arity = "0..1", description = "a MIDI file to play")
    String input;

    @Option(names = "-o", paramLabel = "OUT.wav", description = "with FILE: render to this WAV file instead")
    String output;

    @Option(names = "--chain", paramLabel = "FILE", description = "live: load the chain (parameters, CC map) from"
            + " FILE when it exists, save it back on exit and on 'save'")
    Path chainFile;

    @Option(names = "--record", paramLabel = "FILE.wav", description = "a WAV copy of the output")
    String record;

    private double seconds;

    @Option(names = "--seconds", paramLabel = "S", description = "live: stop after S seconds (default: Ctrl-C)")
    void seconds(double s) {
        seconds = Checks.seconds(spec, "--seconds", s);
    }

    @Mixin
    AudioOptions audio;
    @Mixin
    RenderOptions render;
    @Mixin
    ForceOption force;
    @Mixin
    MidiOptions midi;
    @Mixin
    CcOption cc;
    @Mixin
    ControlOptions control;
    @Mixin
    HostOptions host;

    @Override
    public Integer call() throws Exception {
        return input == null ? live() : file();
    }

    private int live() throws Exception {
        var access = control.access();
        Path recordFile = record == null ? null : OutputFile.choose("--record", record, List.of("wav"), force.force,
                System.err);
        PluginRegistry registry = host.discover();
        ChainSpec chain;
        try {
            chain = chainFile != null && Files.exists(chainFile) ? ChainSpec.read(chainFile)
                    : host.spec(registry, ApuInstrument.DESCRIPTOR.id());
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        String id = chain.plugins().get(0).id();
        PluginInfo info = registry.find(id);
        chain = chain.withCc(cc.apply(chain.cc(), key -> info != null
                && info.params().stream().anyMatch(p -> p.key().equals(key)), "p1.duty=20",
                id + " (see 'nesjam plugins')"));
        AudioBackends.Opened out = audio.open(force.force); // after every option was checked
        return LivePlay.run(new LivePlay.Setup(registry, host.presetLoader(registry), chain, out, recordFile, seconds,
                chainFile, midi.request(), access));
    }

    private int file() throws Exception {
        boolean plain = host.isDefault() && host.pluginDirs().isEmpty();
        if (output == null && plain && audio.liveOutput()) {
            Path recordFile = record == null ? null : OutputFile.choose("--record", record, List.of("wav"),
                    force.force, System.err);
            MidiSong check = WavRender.readSong(input, audio.requested().sampleRate()); // before any output opens
            AudioBackends.Opened live = audio.open(force.force);
            try {
                ApuRender.Options o = render.at(live.config().sampleRate());
                MidiSong song = live.config().sampleRate() == audio.requested().sampleRate() ? check
                        : WavRender.readSong(input, o.sampleRate());
                return LiveRun.play(new Engine(List.of(ApuRender.instrument(song, o))), live, recordFile, song);
            } finally {
                live.backend().close();
            }
        }
        ApuRender.Options options = render.at(audio.requested().sampleRate());
        MidiSong song = WavRender.readSong(input, options.sampleRate());
        String base = Path.of(input).getFileName().toString().replaceFirst("(?i)\\.midi?$", "");
        Path out = OutputFile.choose("-o", output != null ? output : base + ".wav", List.of("wav"), force.force,
                System.err);
        System.err.println("nesjam: play: " + (output != null ? "writing " : "no audio device on this machine; writing ")
                + out + " instead");
        WavRender.render(song, options, out, plain ? null : host);
        return 0;
    }
}
