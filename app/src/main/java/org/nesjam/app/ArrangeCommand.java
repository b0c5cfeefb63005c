package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.nesjam.dataset.Arranger;
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
public final class ArrangeCommand implements CliCommand {
    @Override
    public String name() {
        return "arrange";
    }

    @Override
    public String usage() {
        return "arrange IN.mid -o OUT.mid   arrange any MIDI file for the NES voices (P1 melody, P2 harmony, TR bass,"
                + " NO drums)";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("o");
    }

    @Override
    public int run(Args args) throws Exception {
        String in = args.positional(0, "input MIDI file (nesjam arrange IN.mid -o OUT.mid)");
        if (args.positionals().size() > 1) {
            throw new UserError("arrange: unexpected argument '" + args.positionals().get(1) + "'");
        }
        String out = args.get("o", null);
        if (out == null) {
            throw new UserError("arrange needs -o OUT.mid");
        }
        Path outPath = Path.of(out);
        if (Files.isDirectory(outPath)) {
            throw new UserError(out + ": is a directory; give a file name for -o");
        }
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
