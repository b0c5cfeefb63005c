package org.nesjam.app.cli;

import picocli.CommandLine.Option;

/** {@code --force}: replace an existing output file instead of writing beside it ({@link OutputFile}). */
public final class ForceOption {
    @Option(names = "--force", description = "overwrite an existing output file (default: write NAME-2.EXT beside it)")
    boolean force;
}
