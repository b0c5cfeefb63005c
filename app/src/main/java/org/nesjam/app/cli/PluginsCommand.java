package org.nesjam.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.nesjam.host.NesjamDirs;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginInfo;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.host.discovery.Rejection;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.PluginApi;

/**
 * {@code nesjam plugins}: what plugin discovery found (built-ins, the default plugin folder,
 * {@code --plugins} folders) with id, name, version, vendor, kind and parameters, and every rejected jar with the
 * reason. [main-thread]
 */
@Command(name = "plugins", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "List installed plugins (and rejected jars, with the reason).")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    PluginDirsOption pluginDirs;

    @Option(names = "-v", description = "all parameters")
    boolean verbose;

    @Override
    public Integer call() {
        try (PluginRegistry reg = PluginDiscovery.discoverDefault(pluginDirs.dirs)) {
            System.out.println("plugin API version " + PluginApi.VERSION + "; plugin folder " + NesjamDirs.pluginsDir()
                    + (java.nio.file.Files.isDirectory(NesjamDirs.pluginsDir()) ? "" : " (not created yet)"));
            System.out.println(reg.plugins().size() + " plugin(s):");
            for (PluginInfo p : reg.plugins()) {
                var d = p.descriptor();
                System.out.printf(Locale.ROOT, "  %-26s %s %s by %s, %s, %d parameter(s)%s  [%s]%n", d.id(), d.name(),
                        d.version(), d.vendor(), d.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        p.params().size(), p.hasState() ? ", state" : "", p.source());
                int shown = 0;
                for (ParamInfo i : p.params()) {
                    if (!verbose && shown == 6) {
                        System.out.println("      ... (" + (p.params().size() - 6) + " more; -v lists all)");
                        break;
                    }
                    System.out.printf(Locale.ROOT, "      %-20s %s..%s default %s%s%s  %s%n", i.key(), num(i.min()),
                            num(i.max()), num(i.defaultValue()), i.stepped() ? ", stepped" : "",
                            i.smoothed() ? ", smoothed" : "", i.name());
                    shown++;
                }
            }
            if (!reg.rejections().isEmpty()) {
                System.out.println(reg.rejections().size() + " rejected:");
                for (Rejection r : reg.rejections()) {
                    System.out.println("  " + r.source() + ": " + r.reason());
                }
            }
        }
        return 0;
    }

    static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
