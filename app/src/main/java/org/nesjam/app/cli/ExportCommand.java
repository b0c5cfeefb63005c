package org.nesjam.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nesjam.app.render.MidiSong;
import org.nesjam.app.render.NsfExport;
import org.nesjam.app.render.WavRender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nesjam export IN.mid [IN2.mid ...] -o OUT.nsf}:
 * MIDI files (NES-MDB or any MIDI {@code render} plays) as an NSF whose 6502 driver replays, frame by frame, the
 * register writes nesjam's APU instrument makes for them ({@link NsfExport}); several inputs become songs 1, 2, ...
 * [main-thread]
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "MIDI files as an NSF (NES music file) that replays nesjam's APU register"
                + " writes, one song per input.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN.mid", arity = "1..*", description = "MIDI files (NES-MDB or any MIDI render plays)")
    List<String> inputs;

    @Option(names = "-o", paramLabel = "OUT.nsf", required = true, description = "the NSF file to write")
    String output;

    @Option(names = "--pal", description = "PAL timing (default NTSC)")
    boolean pal;
    @Option(names = "--title", paramLabel = "T", description = "the title (default: the file name)")
    String title;
    @Option(names = "--artist", paramLabel = "A", description = "the artist (default nesjam)")
    String artist;
    @Option(names = "--copyright", paramLabel = "C", description = "the copyright (default: the year, nesjam)")
    String copyright;

    @Mixin
    ForceOption force;

    @Override
    public Integer call() {
        Path outPath = OutputFile.choose("-o", output, List.of("nsf"), force.force, System.err);
        NsfExport.checkTarget(outPath, true); // before reading anything
        List<MidiSong> songs = new ArrayList<>();
        for (String in : inputs) {
            songs.add(WavRender.readSong(in, NsfExport.SAMPLE_RATE));
        }
        String defaultTitle = songs.size() == 1 ? baseName(inputs.get(0)) : baseName(outPath.toString());
        NsfExport.export(songs, outPath, NsfExport.info(title, artist, copyright, defaultTitle), pal, true);
        return 0;
    }

    /** File name without folder and extension. */
    static String baseName(String file) {
        String n = Path.of(file).getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
