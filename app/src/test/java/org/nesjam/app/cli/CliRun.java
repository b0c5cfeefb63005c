package org.nesjam.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process {@code nesjam} run for command tests: the exit code and what it printed on stdout and stderr. */
public record CliRun(int code, String out, String err) {

    /** Runs {@link Main#run} with System.out and System.err captured (restored afterwards). */
    public static CliRun of(String... argv) {
        return withStdin(null, argv);
    }

    /**
     * {@link #of}, with {@code stdin} as System.in (null: an empty one; never the process's own, which in a test
     * fork is Maven's channel to it and must not be read by a live command's stdin thread).
     */
    public static CliRun withStdin(String stdin, String... argv) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        java.io.InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new java.io.ByteArrayInputStream((stdin != null ? stdin : "").getBytes(StandardCharsets.UTF_8)));
            int code = Main.run(argv);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }
}
