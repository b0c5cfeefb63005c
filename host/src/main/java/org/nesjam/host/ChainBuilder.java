package org.nesjam.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nesjam.host.discovery.PluginInfo;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.json.JsonException;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginState;

/**
 * Turns a {@link ChainSpec} into an activated {@link PreparedChain}, off the audio thread: creates each plugin from
 * the registry, applies its preset, state and parameters (checked against the plugin's {@link ParamInfo}s: unknown
 * key, out of range and fractional stepped values are errors naming the field), routes MIDI, resolves the CC map
 * and activates. On any error every plugin created so far is destroyed and nothing else changes. [main-thread]
 */
public final class ChainBuilder {
    private ChainBuilder() {
    }

    /** Audio format of the chain to build. */
    public record Config(double sampleRate, int channelCount, int maxFrames, int eventCapacity) {
    }

    /** Preset values resolved for one plugin. */
    public record PresetValues(Map<String, Double> params, byte[] state) {
    }

    /** Looks presets up by name (the presets module provides one). */
    @FunctionalInterface
    public interface PresetResolver {
        /**
         * The values of preset {@code name} for {@code plugin}; errors are {@link IOException}s that name the preset
         * file and field ({@code field} is where the spec refers to it, for messages).
         */
        PresetValues resolve(String name, PluginInfo plugin, String field) throws IOException;
    }

    /** Build and activate; {@code presets} may be null when the spec names no preset. */
    public static PreparedChain build(ChainSpec spec, PluginRegistry registry, PresetResolver presets, Config config,
                                      FaultSink faults) throws IOException {
        List<Plugin> created = new ArrayList<>();
        boolean ok = false;
        try {
            for (int i = 0; i < spec.plugins().size(); i++) {
                ChainSpec.Entry e = spec.plugins().get(i);
                String field = "plugins[" + i + "]";
                PluginInfo info = registry.find(e.id());
                if (info == null) {
                    throw new JsonException(spec.source(), 0, 0, field + ".id", "no plugin '" + e.id()
                            + "' is installed (see 'nesjam plugins')");
                }
                Plugin p;
                try {
                    p = info.create();
                } catch (RuntimeException ex) {
                    throw new IOException("plugin " + e.id() + " could not be created: " + ex, ex);
                }
                created.add(p);
                if (e.preset() != null) {
                    if (presets == null) {
                        throw new JsonException(spec.source(), 0, 0, field + ".preset", "presets are not available");
                    }
                    PresetValues pv = presets.resolve(e.preset(), info, field + ".preset");
                    if (pv.state() != null) {
                        loadState(p, pv.state(), spec.source(), field + ".preset");
                    }
                    applyParams(p, pv.params(), spec.source(), field + ".preset");
                }
                if (e.state() != null) {
                    loadState(p, e.state(), spec.source(), field + ".state");
                }
                applyParams(p, e.params(), spec.source(), field + ".params");
            }
            PluginChain chain = new PluginChain(created, config.channelCount(), config.maxFrames(),
                    config.eventCapacity(), faults);
            for (int i = 0; i < created.size(); i++) {
                chain.setMidiChannels(i, spec.plugins().get(i).channelMask());
            }
            CcMap cc = CcMap.build(spec.cc(), chain.plugins(), spec.source());
            chain.activate(config.sampleRate());
            ok = true;
            return new PreparedChain(chain, spec, cc);
        } finally {
            if (!ok) {
                for (Plugin p : created) {
                    try {
                        p.destroy();
                    } catch (RuntimeException ex) {
                        // already failing; keep the first error
                    }
                }
            }
        }
    }

    private static void loadState(Plugin p, byte[] state, String source, String field) throws IOException {
        PluginState ps = p.extension(PluginState.class);
        if (ps == null) {
            throw new JsonException(source, 0, 0, field, "plugin " + p.descriptor().id() + " has no state to load");
        }
        try {
            ps.loadState(state);
        } catch (IOException | RuntimeException ex) {
            throw new JsonException(source, 0, 0, field, "plugin " + p.descriptor().id() + " rejected the state: "
                    + ex.getMessage());
        }
    }

    /**
     * Validate every value against the plugin's parameters, then set those that differ from the current value
     * (so parameters saved beside a state do not disturb it, e.g. a smoother mid-ramp); nothing is set on error.
     */
    public static void applyParams(Plugin p, Map<String, Double> values, String source, String field)
            throws JsonException {
        if (values.isEmpty()) {
            return;
        }
        Params params = p.extension(Params.class);
        int[] ids = new int[values.size()];
        double[] vs = new double[values.size()];
        int n = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            ParamInfo info = check(p.descriptor().id(), params, e.getKey(), e.getValue(), source, field);
            ids[n] = info.id();
            vs[n++] = e.getValue();
        }
        for (int i = 0; i < n; i++) {
            if (Double.compare(params.paramValue(ids[i]), vs[i]) != 0) {
                params.setParamValue(ids[i], vs[i]);
            }
        }
    }

    /** The parameter {@code key} of a plugin with {@code value} checked; errors name {@code field.key}. */
    public static ParamInfo check(String pluginId, Params params, String key, double value, String source,
                                  String field) throws JsonException {
        String f = field + "." + key;
        ParamInfo info = params == null ? null : params.paramByKey(key);
        if (info == null) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; params != null && i < params.paramCount(); i++) {
                keys.add(params.paramInfo(i).key());
            }
            throw new JsonException(source, 0, 0, f, "plugin " + pluginId + " has no parameter '" + key + "'"
                    + (keys.isEmpty() ? "" : " (it has: " + String.join(", ", keys) + ")"));
        }
        checkRange(info, value, source, f);
        return info;
    }

    /** Range and stepped checks of one value. */
    public static void checkRange(ParamInfo info, double value, String source, String field) throws JsonException {
        if (!(value >= info.min() && value <= info.max())) {
            throw new JsonException(source, 0, 0, field, "value " + fmt(value) + " out of range [" + fmt(info.min())
                    + ", " + fmt(info.max()) + "]");
        }
        if (info.stepped() && value != Math.rint(value)) {
            throw new JsonException(source, 0, 0, field, "value " + fmt(value) + " must be a whole number");
        }
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
