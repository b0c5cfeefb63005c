package org.nesjam.presets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.FaultSink;
import org.nesjam.host.LiveChain;
import org.nesjam.host.ParamChangeQueue;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginInfo;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.json.JsonException;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;

/**
 * What the {@code play}, {@code jam} and {@code render} commands call to honour {@code --scene}, {@code --preset}
 * and {@code --set}, and what a control surface calls to change presets while playing:
 * <ol>
 *   <li>{@link #startSpec}: the chain to start with (a scene's chain, else a default chain), with
 *   {@link #withPreset} and {@link #withSet} applied;</li>
 *   <li>{@link ChainBuilder#build}{@code (spec, registry, loader, config, faults)}: this loader is the
 *   {@link ChainBuilder.PresetResolver} that validates each preset against its installed plugin;</li>
 *   <li>{@link #applyLive}: a preset while playing. Everything is validated first; a bad preset throws and nothing
 *   changes (the current sound keeps playing). A preset without state becomes sample-accurate parameter changes
 *   that the plugin smooths; a preset with state is built into a new chain off the audio thread and swapped in
 *   with the crossfade of {@link LiveChain}.</li>
 * </ol>
 * [main-thread]
 */
public final class PresetLoader implements ChainBuilder.PresetResolver {
    private final PresetLibrary library;
    private final PluginRegistry registry;

    /** Presets from {@code library}, validated against the plugins of {@code registry}. */
    public PresetLoader(PresetLibrary library, PluginRegistry registry) {
        this.library = library.validatingWith(registry);
        this.registry = registry;
    }

    public PresetLibrary library() {
        return library;
    }

    @Override
    public ChainBuilder.PresetValues resolve(String name, PluginInfo plugin, String field) throws IOException {
        Preset p = library.preset(name);
        PresetCodec.validate(p, plugin);
        return new ChainBuilder.PresetValues(p.params(), p.state());
    }

    /** The scene's chain when {@code scene} is non-null, else a chain of {@code defaultPluginIds}. */
    public ChainSpec startSpec(Scene scene, String... defaultPluginIds) {
        return scene != null ? scene.chain() : ChainSpec.of(defaultPluginIds);
    }

    /**
     * {@code --preset NAME}: the spec with the preset set on the first plugin it is for (validated now against the
     * installed plugin, so a bad preset fails before anything plays).
     */
    public ChainSpec withPreset(ChainSpec spec, String name) throws IOException {
        Preset p = library.preset(name);
        int index = spec.indexOf(p.plugin());
        if (index < 0) {
            throw new IOException(p.source() + ": preset '" + name + "' is for plugin " + p.plugin()
                    + ", which is not in the chain");
        }
        PluginInfo info = registry.find(p.plugin());
        if (info == null) {
            throw new IOException(p.source() + ": plugin " + p.plugin() + " of preset '" + name
                    + "' is not installed (see 'nesjam plugins')");
        }
        PresetCodec.validate(p, info);
        List<ChainSpec.Entry> entries = new ArrayList<>(spec.plugins());
        ChainSpec.Entry e = entries.get(index);
        entries.set(index, new ChainSpec.Entry(e.id(), e.channelMask(), name, e.params(), e.state()));
        return spec.withPlugins(entries);
    }

    /**
     * {@code --set KEY=VALUE} or {@code --set PLUGIN_ID:KEY=VALUE}: the spec with the parameter set on the plugin
     * (without an id: the first plugin of the chain that has KEY). Checked against the installed plugin.
     */
    public ChainSpec withSet(ChainSpec spec, String assignment) throws IOException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IOException("--set " + assignment + ": expected KEY=VALUE or PLUGIN:KEY=VALUE");
        }
        String lhs = assignment.substring(0, eq).trim();
        String valueText = assignment.substring(eq + 1).trim();
        double value;
        try {
            value = Double.parseDouble(valueText);
        } catch (NumberFormatException e) {
            throw new IOException("--set " + assignment + ": value '" + valueText + "' is not a number");
        }
        String pluginId = null;
        String key = lhs;
        int colon = lhs.lastIndexOf(':');
        if (colon > 0) {
            pluginId = lhs.substring(0, colon);
            key = lhs.substring(colon + 1);
        }
        for (int i = 0; i < spec.plugins().size(); i++) {
            ChainSpec.Entry e = spec.plugins().get(i);
            if (pluginId != null && !pluginId.equals(e.id())) {
                continue;
            }
            PluginInfo info = registry.find(e.id());
            ParamInfo param = info == null ? null : info.param(key);
            if (param == null) {
                if (pluginId != null) {
                    throw new IOException("--set " + assignment + ": plugin " + pluginId + " has no parameter '"
                            + key + "'" + (info == null ? " (plugin not installed)" : " (it has: "
                            + String.join(", ", info.params().stream().map(ParamInfo::key).toList()) + ")"));
                }
                continue;
            }
            try {
                ChainBuilder.checkRange(param, value, "--set", key);
            } catch (JsonException ex) {
                throw new IOException("--set " + assignment + ": " + ex.problem());
            }
            Map<String, Double> params = new LinkedHashMap<>(e.params());
            params.put(key, value);
            List<ChainSpec.Entry> entries = new ArrayList<>(spec.plugins());
            entries.set(i, e.withParams(params));
            return spec.withPlugins(entries);
        }
        throw new IOException("--set " + assignment + ": no plugin in the chain has a parameter '" + key + "'");
    }

    /**
     * Load preset {@code name} into the plugin at {@code chainIndex} of the chain {@code live} is playing, glitch
     * free (see the class comment). Validation happens before anything changes. Returns true when a new chain
     * was swapped in (state preset), false when parameter changes were queued.
     */
    public boolean applyLive(LiveChain live, int chainIndex, String name, ChainBuilder.Config config,
                             FaultSink faults) throws IOException {
        PreparedChain cur = live.current();
        if (cur == null) {
            throw new IOException("nothing is playing");
        }
        if (chainIndex < 0 || chainIndex >= cur.chain().size()) {
            throw new IOException("no plugin at chain position " + chainIndex);
        }
        Preset p = library.preset(name);
        Plugin target = cur.chain().plugins()[chainIndex];
        PluginInfo info = registry.find(target.descriptor().id());
        if (info == null) {
            throw new IOException("plugin " + target.descriptor().id() + " is not in the registry");
        }
        PresetCodec.validate(p, info);
        if (p.state() == null) {
            Params params = target.extension(Params.class);
            int[] ids = new int[p.params().size()];
            double[] values = new double[ids.length];
            int n = 0;
            for (Map.Entry<String, Double> e : p.params().entrySet()) {
                ids[n] = params.paramByKey(e.getKey()).id();
                values[n++] = e.getValue();
            }
            for (int i = 0; i < n; i++) {
                while (!live.setParam(chainIndex, ids[i], values[i], ParamChangeQueue.NOW)) {
                    Thread.onSpinWait(); // queue full: the audio thread drains it every block
                }
            }
            return false;
        }
        ChainSpec spec = cur.capture(false);
        List<ChainSpec.Entry> entries = new ArrayList<>(spec.plugins());
        ChainSpec.Entry e = entries.get(chainIndex);
        entries.set(chainIndex, new ChainSpec.Entry(e.id(), e.channelMask(), name, Map.of(), null));
        PreparedChain next = ChainBuilder.build(spec.withPlugins(entries), registry, this, config, faults);
        live.submit(next);
        return true;
    }

    /** Names of a plugin's parameter keys, for messages. */
    static String keys(PluginInfo info) {
        List<String> k = new ArrayList<>();
        for (ParamInfo p : info.params()) {
            k.add(p.key());
        }
        return String.join(", ", k);
    }
}
