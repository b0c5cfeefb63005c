package org.nesjam.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line entry point: {@code nesjam [COMMAND] [ARGS]}. With no command it starts the default job (an
 * endless jam once the generator exists). Errors the user can fix print one line and exit 2; anything else
 * prints one line and exits 70 (set NESJAM_DEBUG=1 for the stack trace).
 */
public final class Main {
    /** Every subcommand; add new ones here. */
    static final List<CliCommand> COMMANDS = List.of(new DatasetCommand(), new ArrangeCommand(),
            new DevicesCommand(), new BenchCommand(), new AudioBenchCommand(), new RenderCommand(),
            new PlayCommand(), new CheckMidiCommand(), new PluginsCommand(), new PresetsCommand(),
            new GenerateCommand(), new EvalCommand(), new JamCommand(),
            new JamBenchCommand(), new StatsCommand(), new ExportCommand());

    /** Earlier names of commands, still accepted. */
    private static final Map<String, String> ALIASES = Map.of("bench-audio", "bench audio", "bench-jam", "bench jam");

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String[] argv) {
        Map<String, CliCommand> byName = new LinkedHashMap<>();
        for (CliCommand c : COMMANDS) {
            byName.put(c.name(), c);
        }
        if (argv.length > 0 && (argv[0].equals("help") || argv[0].equals("--help") || argv[0].equals("-h"))) {
            printHelp(byName);
            return 0;
        }
        String name = argv.length == 0 || argv[0].startsWith("-") ? defaultCommand() : argv[0];
        int words = argv.length == 0 || argv[0].startsWith("-") ? 0 : 1;
        if (argv.length > 1 && byName.containsKey(name + " " + argv[1])) { // two-word commands: bench audio, bench jam
            name = name + " " + argv[1];
            words = 2;
        }
        name = ALIASES.getOrDefault(name, name);
        String[] rest = java.util.Arrays.copyOfRange(argv, words, argv.length);
        CliCommand command = byName.get(name);
        if (command == null) {
            System.err.println("nesjam: unknown command '" + name + "' (try 'nesjam help')");
            return 2;
        }
        try {
            return command.run(Args.parse(rest, command.valuedOptions(), command.flagOptions()));
        } catch (UserError e) {
            System.err.println("nesjam: " + e.getMessage());
            return 2;
        } catch (Exception | Error e) {
            System.err.println("nesjam: " + name + " failed: " + e);
            if (System.getenv("NESJAM_DEBUG") != null) {
                e.printStackTrace();
            }
            return 70;
        }
    }

    /** The command run by a bare {@code nesjam}. */
    static String defaultCommand() {
        return "jam";
    }

    private static void printHelp(Map<String, CliCommand> byName) {
        System.out.println("usage: nesjam [COMMAND] [OPTIONS]   (no command: " + defaultCommand() + ")");
        for (CliCommand c : byName.values()) {
            System.out.println("  " + c.usage());
        }
    }
}
