package org.nesjam.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --plugins DIR} (repeatable): plugin folders besides the default one. */
public final class PluginDirsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    final List<Path> dirs = new ArrayList<>();

    @Option(names = "--plugins", paramLabel = "DIR", description = "another plugin folder (repeatable)")
    void dir(String d) {
        Path p = Path.of(d);
        if (!Files.isDirectory(p)) {
            throw Checks.error(spec, "--plugins " + d + ": no such folder");
        }
        dirs.add(p);
    }
}
