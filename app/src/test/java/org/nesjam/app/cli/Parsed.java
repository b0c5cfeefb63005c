package org.nesjam.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The shared option mixins parsed from a line, as a command that has them all would parse them (tests only). */
@Command(name = "test")
final class Parsed {
    @Mixin
    AudioOptions audio;
    @Mixin
    HostOptions host;
    @Mixin
    MidiOptions midi;
    @Mixin
    CcOption cc;

    /** Parses {@code argv}; a bad value is the {@link CommandLine.ParameterException} a command would print. */
    static Parsed of(String... argv) {
        Parsed p = new Parsed();
        new CommandLine(p).parseArgs(argv);
        return p;
    }
}
