package org.nesjam.app.bench;

import org.nesjam.app.cli.NesjamCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam bench apu|gen|jam|audio|midi}: measurement commands whose figures go into reports (medians and p99
 * over many runs, not unit tests). {@code apu} ({@link ApuBench}), {@code gen} ({@link GenBench}), {@code jam}
 * ({@link JamBenchCommand}), {@code audio} ({@link AudioBenchCommand}), {@code midi} ({@link MidiBench}). The old
 * spellings {@code bench-audio} and {@code bench-jam} still work (hidden). [main-thread]
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "Benchmarks: APU speed, generator speed, jam reaction time, JACK latency and xruns, MIDI"
                + " latency.",
        subcommands = {ApuBench.class, GenBench.class, JamBenchCommand.class, AudioBenchCommand.class,
            MidiBench.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "bench needs a benchmark: apu, gen, jam, audio or midi");
    }
}
