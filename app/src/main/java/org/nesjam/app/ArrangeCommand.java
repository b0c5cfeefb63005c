package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.nesjam.gen.tokens.Arranger;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.Tx1Codec;

/**
 * {@code nesjam arrange IN.mid -o OUT.mid}: any General MIDI file -> an NES-MDB-style file for the four NES voices
 * (method: {@link Arranger}). [main-thread]
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
        try {
            r = Arranger.arrange(Path.of(in));
        } catch (IOException e) {
            throw new UserError(e.getMessage() == null ? in + ": " + e : e.getMessage());
        }
        try {
            NesMidi.write(outPath, r.song());
        } catch (IOException e) {
            throw new UserError(out + ": cannot write: " + e.getMessage());
        }
        System.out.printf(Locale.ROOT, "%s: %.1f s, %d notes, %d TX1 events; %s%n", out, r.song().seconds(),
                r.song().notes().size(), Tx1Codec.encode(r.song()).length, r.describe());
        return 0;
    }
}
