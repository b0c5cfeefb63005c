package org.nesjam.app;

import java.util.Locale;
import java.util.Set;
import org.nesjam.host.NesjamDirs;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginInfo;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.host.discovery.Rejection;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.PluginApi;

/**
 * {@code nesjam plugins [--plugins DIR] [-v]}: what plugin discovery found (built-ins, the default plugin folder,
 * {@code --plugins} folders) with id, name, version, vendor, kind and parameters, and every rejected jar with the
 * reason. [main-thread]
 */
public final class PluginsCommand implements CliCommand {
    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String usage() {
        return "plugins [--plugins DIR] [-v]   list installed plugins (and rejected jars, with the reason); -v: all"
                + " parameters";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("plugins");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("v");
    }

    @Override
    public int run(Args args) {
        if (!args.positionals().isEmpty()) {
            throw new UserError("plugins: unexpected argument '" + args.positionals().get(0) + "'");
        }
        HostOptions host = HostOptions.from(args);
        boolean verbose = args.flag("v");
        try (PluginRegistry reg = PluginDiscovery.discoverDefault(host.pluginDirs())) {
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
