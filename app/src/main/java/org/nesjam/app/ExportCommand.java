package org.nesjam.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code nesjam export IN.mid [IN2.mid ...] -o OUT.nsf [--pal] [--title T] [--artist A] [--copyright C] [--force]}:
 * MIDI files (NES-MDB or any MIDI {@code render} plays) as an NSF whose 6502 driver replays, frame by frame, the
 * register writes nesjam's APU instrument makes for them ({@link NsfExport}); several inputs become songs 1, 2, ...
 * [main-thread]
 */
public final class ExportCommand implements CliCommand {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String usage() {
        return "export IN.mid [IN2.mid ...] -o OUT.nsf " + NsfExport.USAGE + "   MIDI as an NSF (NES music file) that"
                + " replays nesjam's APU register writes, one song per input";
    }

    @Override
    public Set<String> valuedOptions() {
        Set<String> v = new HashSet<>(NsfExport.VALUED);
        v.add("o");
        return v;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("pal", "force");
    }

    @Override
    public int run(Args args) {
        if (args.positionals().isEmpty()) {
            throw new UserError("export needs a MIDI file (nesjam export IN.mid -o OUT.nsf)");
        }
        String out = args.get("o", null);
        if (out == null) {
            throw new UserError("export needs -o OUT.nsf");
        }
        if (!out.toLowerCase(Locale.ROOT).endsWith(".nsf")) {
            throw new UserError("-o must name a .nsf file, got '" + out + "'");
        }
        Path outPath = Path.of(out);
        boolean force = args.flag("force");
        NsfExport.checkTarget(outPath, force); // before reading anything
        List<MidiSong> songs = new ArrayList<>();
        for (String in : args.positionals()) {
            songs.add(RenderCommand.readSong(in, NsfExport.SAMPLE_RATE));
        }
        String title = songs.size() == 1 ? baseName(args.positionals().get(0)) : baseName(out);
        NsfExport.export(songs, outPath, NsfExport.info(args, title), args.flag("pal"), force);
        return 0;
    }

    /** File name without folder and extension. */
    static String baseName(String file) {
        String n = Path.of(file).getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
