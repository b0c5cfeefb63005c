package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.json.Json;
import org.nesjam.json.JsonValue;
import org.nesjam.presets.Preset;
import org.nesjam.presets.PresetCodec;
import org.nesjam.presets.PresetLibrary;
import org.nesjam.presets.Scene;

/**
 * {@code nesjam presets [NAME]}: lists the shipped and
 * user presets and scenes (validated against the installed plugins; presets of plugins that are not installed are
 * checked for structure only, and marked so), shows one preset, checks a preset or scene file (exit 2 with one
 * line naming the file and field when it is bad), or saves a checked preset file into the user library (an
 * existing user preset of that name is kept as a backup, never overwritten silently). [main-thread]
 */
@Command(name = "presets", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "List presets and scenes, show one, check a file, or save one to your"
                + " presets.")
final class PresetsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "show this preset")
    String name;

    @Option(names = "--check", paramLabel = "FILE", description = "check a preset or scene file")
    String check;

    @Option(names = "--save", paramLabel = "NAME", description = "save --from FILE as your preset NAME")
    String save;

    @Option(names = "--from", paramLabel = "FILE", description = "the preset file --save copies in")
    String from;

    @Mixin
    PluginDirsOption pluginDirs;

    @Override
    public Integer call() throws IOException {
        try (PluginRegistry reg = PluginDiscovery.discoverDefault(pluginDirs.dirs)) {
            PresetLibrary lib = PresetLibrary.standard().validatingWith(reg);
            if (check != null) {
                return check(Path.of(check), reg);
            }
            if (save != null || from != null) {
                if (save == null || from == null) {
                    throw new UserError("presets: --save NAME needs --from FILE (a preset file to copy in)");
                }
                if (!Files.isRegularFile(Path.of(from))) {
                    throw new UserError(from + ": no such file");
                }
                try {
                    Preset p = PresetCodec.read(Path.of(from), reg::find);
                    Path backup = lib.saveUserPreset(save, p);
                    System.out.println("saved preset '" + save + "' to " + lib.userPresetsDir().resolve(save + ".json")
                            + (backup == null ? "" : "; the previous one is kept as " + backup));
                } catch (IOException e) {
                    throw new UserError(e.getMessage(), e);
                }
                return 0;
            }
            if (name != null) {
                try {
                    Preset p = lib.preset(name);
                    System.out.println("# " + p.source());
                    System.out.print(PresetCodec.write(p));
                } catch (IOException e) {
                    throw new UserError(e.getMessage(), e);
                }
                return 0;
            }
            System.out.println("presets (user folder " + lib.userPresetsDir() + "):");
            for (PresetLibrary.Item<Preset> i : lib.presets()) {
                if (i.error() != null) {
                    System.out.printf(Locale.ROOT, "  %-18s %-6s INVALID: %s%n", i.name(), origin(i.origin()),
                            i.error());
                    continue;
                }
                Preset p = i.value();
                String check1 = reg.find(p.plugin()) == null ? " (plugin not installed: structure checked only)" : "";
                System.out.printf(Locale.ROOT, "  %-18s %-6s %-22s %s%s%n", i.name(), origin(i.origin()), p.plugin(),
                        p.title(), check1);
            }
            System.out.println("scenes (user folder " + lib.userScenesDir() + "):");
            for (PresetLibrary.Item<Scene> i : lib.scenes()) {
                if (i.error() != null) {
                    System.out.printf(Locale.ROOT, "  %-18s %-6s INVALID: %s%n", i.name(), origin(i.origin()),
                            i.error());
                    continue;
                }
                Scene s = i.value();
                System.out.printf(Locale.ROOT, "  %-18s %-6s mode %-9s %d plugin(s)  %s%n", i.name(),
                        origin(i.origin()), s.mode(), s.chain().plugins().size(), s.title());
            }
        }
        return 0;
    }

    private static String origin(PresetLibrary.Origin o) {
        return o == PresetLibrary.Origin.USER ? "user" : "built";
    }

    /** Validate a preset or scene file; prints "FILE: ok (...)" or throws one UserError line. */
    private static int check(Path file, PluginRegistry reg) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file");
        }
        try {
            JsonValue root = Json.parse(file);
            boolean scene = root instanceof JsonValue.Obj o && o.get("format") instanceof JsonValue.Str f
                    && f.asString().equals(Scene.FORMAT);
            if (scene) {
                Scene s = Scene.read(file);
                System.out.println(file + ": ok (scene '" + s.title() + "', mode " + s.mode() + ", "
                        + s.chain().plugins().size() + " plugin(s))");
            } else {
                Preset p = PresetCodec.read(file, reg::find);
                System.out.println(file + ": ok (preset '" + p.title() + "' for " + p.plugin()
                        + (reg.find(p.plugin()) == null ? ", plugin not installed: structure checked only" : "")
                        + ")");
            }
            return 0;
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
