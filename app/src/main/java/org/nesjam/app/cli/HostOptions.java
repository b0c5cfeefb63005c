package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nesjam.app.UserError;
import org.nesjam.app.render.HostRender;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.FaultSink;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.host.discovery.Rejection;
import org.nesjam.plugin.Plugin;
import org.nesjam.presets.PresetLibrary;
import org.nesjam.presets.PresetLoader;
import org.nesjam.presets.Scene;

/**
 * The plugin-host options of {@code play}, {@code jam} and {@code render}: {@code --plugins DIR} (repeatable: extra
 * plugin folders besides the default one), {@code --scene FILE|NAME}, {@code --preset FILE|NAME} (repeatable) and
 * {@code --set [PLUGIN:]KEY=VALUE} (repeatable). Every problem is one {@link UserError} line naming the file and
 * field. [main-thread]
 * <p>
 * Use: {@code @Mixin HostOptions host;} in the command, then
 * <pre>
 * try (PluginRegistry plugins = host.discover()) {                  // rejections: one stderr line each
 *     PreparedChain chain = host.build(plugins, new ChainBuilder.Config(rate, channels, block, events), faults,
 *             "org.nesjam.apu");                                      // the scene's chain, or these plugins
 * }
 * </pre>
 * Commands that build their own instrument can instead call {@link #applyTo} on it (presets and {@code --set} only).
 */
public final class HostOptions implements HostRender.Chain {
    @Mixin
    PluginDirsOption pluginDirs;

    @Option(names = "--scene", paramLabel = "FILE|NAME", description = "start from a scene: a file or a scene's name"
            + " (see 'nesjam presets')")
    String scene;

    @Option(names = "--preset", paramLabel = "FILE|NAME", description = "a preset file or a preset's name, set on the"
            + " plugin it is for (repeatable)")
    List<String> presets = new ArrayList<>();

    @Option(names = "--set", paramLabel = "[PLUGIN:]KEY=VALUE", description = "set one parameter (repeatable)")
    List<String> sets = new ArrayList<>();

    private PresetLibrary library;

    /** The standard library, opened on first use (every command's options are built for each command line). */
    private PresetLibrary library() {
        if (library == null) {
            library = PresetLibrary.standard();
        }
        return library;
    }

    /** True when no scene, preset or --set was given (a command may keep its plain path). */
    public boolean isDefault() {
        return scene == null && presets.isEmpty() && sets.isEmpty();
    }

    @Override
    public List<Path> pluginDirs() {
        return pluginDirs.dirs;
    }

    /** Discover built-ins, the default plugin folder and {@code --plugins} folders; print each rejection. */
    @Override
    public PluginRegistry discover() {
        PluginRegistry r = PluginDiscovery.discoverDefault(pluginDirs.dirs);
        for (Rejection j : r.rejections()) {
            System.err.println("nesjam: plugin rejected: " + j);
        }
        return r;
    }

    /** The preset loader of this run, validating against {@code registry}. */
    @Override
    public PresetLoader presetLoader(PluginRegistry registry) {
        return new PresetLoader(library(), registry);
    }

    /** The scene named by {@code --scene}, or null. */
    public Scene scene() {
        if (scene == null) {
            return null;
        }
        try {
            return library().scene(scene);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The {@code --scene} argument when it is a file (not a scene of the library), else null: where to save back. */
    public Path sceneFile() {
        return scene != null && Files.isRegularFile(Path.of(scene)) ? Path.of(scene) : null;
    }

    /** The chain to start with: the scene's chain (or {@code defaultIds}), with presets and --set applied. */
    @Override
    public ChainSpec spec(PluginRegistry registry, String... defaultIds) {
        PresetLoader loader = new PresetLoader(library(), registry);
        ChainSpec spec = loader.startSpec(scene(), defaultIds);
        try {
            for (String p : presets) {
                spec = loader.withPreset(spec, p);
            }
            for (String s : sets) {
                spec = loader.withSet(spec, s);
            }
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        return spec;
    }

    /** Build and activate the start chain (see {@link #spec}). */
    public PreparedChain build(PluginRegistry registry, ChainBuilder.Config config, FaultSink faults,
                               String... defaultIds) {
        ChainSpec spec = spec(registry, defaultIds);
        try {
            return ChainBuilder.build(spec, registry, new PresetLoader(library(), registry), config, faults);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /**
     * For commands that create their plugin instances themselves (e.g. {@code jam}, whose generator needs the loaded
     * model): apply the scene's or the default chain's settings, the {@code --preset}s and the {@code --set}s to the
     * matching instances in {@code plugins} (inactive), each entry to the first unused instance with its id. Returns
     * the effective chain description: use its {@link ChainSpec#cc()} for the CC map (its plugin indexes are those
     * of the instances in {@code plugins}) and {@link #scene()} for the mode. Every problem is one {@link UserError}
     * line naming the file and field.
     */
    public ChainSpec applyTo(List<Plugin> plugins, PluginRegistry registry) {
        String[] ids = new String[plugins.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = plugins.get(i).descriptor().id();
        }
        ChainSpec spec = spec(registry, ids);
        PresetLoader loader = new PresetLoader(library(), registry);
        boolean[] used = new boolean[plugins.size()];
        int[] instanceOf = new int[spec.plugins().size()];
        try {
            for (int k = 0; k < spec.plugins().size(); k++) {
                ChainSpec.Entry e = spec.plugins().get(k);
                String field = "plugins[" + k + "]";
                int target = -1;
                for (int i = 0; i < ids.length && target < 0; i++) {
                    if (!used[i] && ids[i].equals(e.id())) {
                        target = i;
                    }
                }
                if (target < 0) {
                    throw new UserError(spec.source() + ": " + field + ": plugin " + e.id()
                            + " is not part of this command's chain");
                }
                used[target] = true;
                instanceOf[k] = target;
                Plugin plugin = plugins.get(target);
                if (e.preset() != null) {
                    ChainBuilder.PresetValues pv = loader.resolve(e.preset(), registry.find(e.id()), field);
                    if (pv.state() != null) {
                        plugin.extension(org.nesjam.plugin.PluginState.class).loadState(pv.state());
                    }
                    ChainBuilder.applyParams(plugin, pv.params(), "preset " + e.preset(), "params");
                }
                if (e.state() != null) {
                    plugin.extension(org.nesjam.plugin.PluginState.class).loadState(e.state());
                }
                ChainBuilder.applyParams(plugin, e.params(), spec.source(), field + ".params");
            }
        } catch (IOException ex) {
            throw new UserError(ex.getMessage(), ex);
        }
        List<ChainSpec.CcBinding> cc = new ArrayList<>();
        for (ChainSpec.CcBinding b : spec.cc()) {
            cc.add(new ChainSpec.CcBinding(b.channel(), b.cc(), instanceOf[b.plugin()], b.param()));
        }
        return spec.withCc(cc);
    }

    /** {@link #applyTo(List, PluginRegistry)} for one plugin; a scene is not supported on this path. */
    public void applyTo(Plugin plugin, PluginRegistry registry) {
        if (scene != null) {
            throw new UserError("--scene needs a command that builds its chain from the scene");
        }
        applyTo(List.of(plugin), registry);
    }
}
