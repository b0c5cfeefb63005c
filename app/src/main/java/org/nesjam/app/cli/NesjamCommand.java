package org.nesjam.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.nesjam.app.bench.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/** {@code nesjam}: the top command; alone, or with options only, {@link Main} runs {@code jam}. [main-thread] */
@Command(name = "nesjam", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        usageHelpAutoWidth = true,
        description = "A live NES-voice instrument: a Transformer improvises in the four NES APU voices.%n"
                + "Without a command nesjam runs 'jam'. 'nesjam COMMAND --help' lists a command's options.",
        subcommands = {JamCommand.class, PlayCommand.class, GenerateCommand.class, RenderCommand.class,
            ArrangeCommand.class, ExportCommand.class, EvalCommand.class, StatsCommand.class, DatasetCommand.class,
            CheckMidiCommand.class, DevicesCommand.class, PluginsCommand.class, PresetsCommand.class,
            BenchCommand.class, HelpCommand.class})
public final class NesjamCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { // reached only through 'nesjam' with no command words after Main's normalising
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The Maven project version, from the filtered resource {@code version.properties}. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nesjam " + version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.vendor") + ")"};
        }

        /** The version, or {@code unknown} when the resource is missing (an unfiltered build). */
        public static String version() {
            try (InputStream in = NesjamCommand.class.getResourceAsStream("/org/nesjam/app/version.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                String v = p.getProperty("version", "unknown");
                return v.contains("${") ? "unknown" : v;
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
