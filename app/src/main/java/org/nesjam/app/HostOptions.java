package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * The plugin-host options shared by {@code play}, {@code jam} and {@code render}: {@code --plugins DIR} (repeatable:
 * extra plugin folders besides the default one), {@code --scene FILE|NAME}, {@code --preset NAME} (repeatable) and
 * {@code --set [PLUGIN:]KEY=VALUE} (repeatable). Every problem is one {@link UserError} line naming the file and
 * field. [main-thread]
 * <p>
 * Use: add {@link #VALUED} to the command's {@code valuedOptions()}, then
 * <pre>
 * HostOptions host = HostOptions.from(args);
 * try (PluginRegistry plugins = host.discover()) {                  // rejections: one stderr line each
 *     PreparedChain chain = host.build(plugins, new ChainBuilder.Config(rate, channels, block, events), faults,
 *             "org.nesjam.apu");                                      // the scene's chain, or these plugins
 *     ... render chain.chain() / submit it to a LiveChain ...
 * }
 * </pre>
 * Commands that build their own instrument can instead call {@link #applyTo} on it (presets and {@code --set} only).
 */
public final class HostOptions {
    /** Options that take a value. */
    public static final Set<String> VALUED = Set.of("plugins", "scene", "preset", "set");
    /** For usage lines. */
    public static final String USAGE = "[--plugins DIR] [--scene FILE|NAME] [--preset NAME] [--set [PLUGIN:]KEY=VALUE]";

    private final List<Path> pluginDirs;
    private final String scene;
    private final List<String> presets;
    private final List<String> sets;
    private final PresetLibrary library;

    private HostOptions(List<Path> pluginDirs, String scene, List<String> presets, List<String> sets,
                        PresetLibrary library) {
        this.pluginDirs = pluginDirs;
        this.scene = scene;
        this.presets = presets;
        this.sets = sets;
        this.library = library;
    }

    public static HostOptions from(Args args) {
        List<Path> dirs = new ArrayList<>();
        for (String d : args.all("plugins")) {
            Path p = Path.of(d);
            if (!Files.isDirectory(p)) {
                throw new UserError("--plugins " + d + ": no such folder");
            }
            dirs.add(p);
        }
        return new HostOptions(dirs, args.get("scene", null), args.all("preset"), args.all("set"),
                PresetLibrary.standard());
    }

    /** True when no scene, preset or --set was given (a command may keep its plain path). */
    public boolean isDefault() {
        return scene == null && presets.isEmpty() && sets.isEmpty();
    }

    public List<Path> pluginDirs() {
        return pluginDirs;
    }

    /** Discover built-ins, the default plugin folder and {@code --plugins} folders; print each rejection. */
    public PluginRegistry discover() {
        PluginRegistry r = PluginDiscovery.discoverDefault(pluginDirs);
        for (Rejection j : r.rejections()) {
            System.err.println("nesjam: plugin rejected: " + j);
        }
        return r;
    }

    /** The preset loader of this run, validating against {@code registry}. */
    public PresetLoader presetLoader(PluginRegistry registry) {
        return new PresetLoader(library, registry);
    }

    /** The scene named by {@code --scene}, or null. */
    public Scene scene() {
        if (scene == null) {
            return null;
        }
        try {
            return library.scene(scene);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The {@code --scene} argument when it is a file (not a scene of the library), else null: where to save back. */
    public Path sceneFile() {
        return scene != null && Files.isRegularFile(Path.of(scene)) ? Path.of(scene) : null;
    }

    /** The chain to start with: the scene's chain (or {@code defaultIds}), with presets and --set applied. */
    public ChainSpec spec(PluginRegistry registry, String... defaultIds) {
        PresetLoader loader = new PresetLoader(library, registry);
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
            return ChainBuilder.build(spec, registry, new PresetLoader(library, registry), config, faults);
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
        PresetLoader loader = new PresetLoader(library, registry);
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
