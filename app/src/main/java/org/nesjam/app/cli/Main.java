package org.nesjam.app.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.nesjam.app.UserError;
import picocli.CommandLine;

/**
 * Command-line entry point: {@code nesjam [COMMAND] [OPTIONS]}, parsed by picocli ({@link NesjamCommand} and its
 * sub-commands). With no command, or options only, it runs {@code jam}. Usage errors (bad option, value out of
 * range, bad file) print one line and exit 2; anything else prints one line and exits 70 (set NESJAM_DEBUG=1 for
 * the stack trace). [main-thread]
 */
public final class Main {
    /** Earlier spellings of commands, still accepted and not listed in the help. */
    private static final Map<String, String[]> HIDDEN_ALIASES = Map.of("bench-audio", new String[] {"bench", "audio"},
            "bench-jam", new String[] {"bench", "jam"});
    private static final Set<String> TOP_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String[] argv) {
        CommandLine cli = commandLine();
        return cli.execute(normalize(argv));
    }

    /** The command line of {@code nesjam}, printing on the current System.out and System.err. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NesjamCommand());
        cli.setOut(new PrintWriter(System.out, true));
        cli.setErr(new PrintWriter(System.err, true));
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            String message = e.getMessage().replaceAll("\\s+", " ").trim();
            c.getErr().println("nesjam: " + message + " (see 'nesjam " + commandPath(c) + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof UserError) {
                c.getErr().println("nesjam: " + e.getMessage());
                return 2;
            }
            c.getErr().println("nesjam: " + commandPath(c) + " failed: " + e);
            if (System.getenv("NESJAM_DEBUG") != null) {
                e.printStackTrace(c.getErr());
            }
            return 70;
        });
        return cli;
    }

    /** {@code jam}, {@code bench audio}, ...: the command's words after {@code nesjam}. */
    private static String commandPath(CommandLine c) {
        String q = c.getCommandSpec().qualifiedName(" ");
        return q.startsWith("nesjam ") ? q.substring(7) : q.equals("nesjam") ? "" : q;
    }

    /** The default command ({@code jam}) in front of an option-only line, and the hidden aliases spelled out. */
    static String[] normalize(String[] argv) {
        if (argv.length == 0 || argv[0].startsWith("-") && !TOP_OPTIONS.contains(argv[0])) {
            String[] withJam = new String[argv.length + 1];
            withJam[0] = defaultCommand();
            System.arraycopy(argv, 0, withJam, 1, argv.length);
            return withJam;
        }
        String[] alias = HIDDEN_ALIASES.get(argv[0]);
        if (alias != null) {
            String[] spelled = Arrays.copyOf(alias, alias.length + argv.length - 1);
            System.arraycopy(argv, 1, spelled, alias.length, argv.length - 1);
            return spelled;
        }
        return argv;
    }

    /** The command run by a bare {@code nesjam}. */
    static String defaultCommand() {
        return "jam";
    }
}
