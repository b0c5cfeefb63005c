package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.nesjam.dataset.Arranger;
import java.util.List;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.nesjam.gen.tokens.MidiOutMap;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.midi.MidiFile;

/**
 * {@code nesjam arrange IN.mid -o OUT.mid}: any General MIDI file -> an NES-MDB-style file for the four NES voices
 * (method: {@link Arranger}), written on the source's timing grid: its division, tempo map and time signatures, each
 * note at the source tick of its sample time, so it lines up bar for bar with the source in a DAW (nesjam reads it
 * through the tempo map). [main-thread]
 */
@Command(name = "arrange", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "Arrange any MIDI file for the NES voices (P1 melody, P2 harmony, TR bass,"
                + " NO drums).")
final class ArrangeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN.mid", description = "any MIDI file")
    String in;

    @Option(names = "-o", paramLabel = "OUT.mid", required = true, description = "the NES-MDB-style MIDI file to"
            + " write")
    String output;

    @Mixin
    ForceOption force;

    @Override
    public Integer call() throws Exception {
        Path outPath = OutputFile.choose("-o", output, List.of("mid", "midi"), force.force, System.err);
        String out = outPath.toString();
        Arranger.Result r;
        MidiFile source;
        try {
            source = MidiFile.read(Path.of(in));
            r = Arranger.arrange(source);
        } catch (IOException e) {
            throw new UserError(e.getMessage() == null ? in + ": " + e : e.getMessage());
        }
        try { // on the source's timing grid (division, tempo map, time signatures): it lines up bar for bar in a DAW
            NesMidi.write(outPath, r.song(), MidiOutMap.NES, source);
        } catch (IOException e) {
            throw new UserError(out + ": cannot write: " + e.getMessage());
        }
        System.out.printf(Locale.ROOT, "%s: %.1f s, %d notes, %d TX1 events; %s%n", out, r.song().seconds(),
                r.song().notes().size(), Tx1Codec.encode(r.song()).length, r.describe());
        return 0;
    }
}
