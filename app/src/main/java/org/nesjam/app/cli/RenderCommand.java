package org.nesjam.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nesjam.app.render.ApuRender;
import org.nesjam.app.render.HostRender;
import org.nesjam.app.render.MidiSong;
import org.nesjam.app.render.WavRender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nesjam render FILE.mid -o OUT.wav}: the song through the APU instrument (or the chain of
 * {@code --scene/--preset/--set}) into a 16-bit mono WAV file, as fast as possible ({@link WavRender}). [main-thread]
 */
@Command(name = "render", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "Render a MIDI file (channels 1-4 or NES-MDB tracks) through the APU into a"
                + " WAV file.")
final class RenderCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.mid", description = "the MIDI file")
    String input;

    @Option(names = "-o", paramLabel = "OUT.wav", required = true, description = "the WAV file to write")
    String output;

    @Mixin
    RateOption rate;
    @Mixin
    RenderOptions render;
    @Mixin
    ForceOption force;
    @Mixin
    HostOptions host;

    @Override
    public Integer call() throws Exception {
        OutputFile.choose("-o", output, List.of("wav"), true, System.err); // the format, before any work
        ApuRender.Options options = render.at(rate.rate);
        MidiSong song = WavRender.readSong(input, options.sampleRate());
        HostRender.Chain chain = host.isDefault() && host.pluginDirs().isEmpty() ? null : host;
        if (chain != null) {
            HostRender.check(song, options, chain); // bad presets and scenes fail before an output name is chosen
        }
        Path out = OutputFile.choose("-o", output, List.of("wav"), force.force, System.err);
        WavRender.render(song, options, out, chain);
        return 0;
    }
}
