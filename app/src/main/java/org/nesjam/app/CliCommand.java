package org.nesjam.app;

/**
 * One {@code nesjam} subcommand. Register it in {@link Main#COMMANDS}. [main-thread]
 * Report user mistakes and bad input by throwing {@link UserError} (one line, non-zero exit, no stack trace).
 */
public interface CliCommand {

    /** The word typed after {@code nesjam}. */
    String name();

    /** One line for the help listing, starting with the usage. */
    String usage();

    /** Options that take a value, without dashes, e.g. {@code Set.of("o", "rate")}. */
    default java.util.Set<String> valuedOptions() {
        return java.util.Set.of();
    }

    /** Boolean flags, without dashes, e.g. {@code Set.of("pal")}. */
    default java.util.Set<String> flagOptions() {
        return java.util.Set.of();
    }

    /** Run with the arguments after the command word; returns the process exit code. */
    int run(Args args) throws Exception;
}
