package org.nesjam.app.render;

import org.nesjam.app.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.nesjam.apu.FilterMode;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.audio.AudioSink;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.FaultReporter;
import org.nesjam.host.OfflineRenderer;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.presets.PresetLoader;

/**
 * {@code render} with the plugin-host options ({@code --scene}, {@code --preset}, {@code --set}, {@code --plugins}):
 * the chain comes from the command's host options ({@link Chain}: a scene's chain, else the APU instrument) instead of a bare
 * instrument; the render flags ({@code --pal}, {@code --filter}, the 50 % duty of ordinary MIDI files) become the
 * APU's starting parameters unless a preset or {@code --set} gives them. A plugin failing mid-render is bypassed
 * and reported in one line; the render goes on. [main-thread]
 */
public final class HostRender {
    /** Where the chain comes from: the command's {@code --plugins}, {@code --scene}, {@code --preset}, {@code --set}. */
    public interface Chain {
        /** The {@code --plugins} folders. */
        java.util.List<java.nio.file.Path> pluginDirs();

        /** Discovers the plugins, printing each rejection. */
        PluginRegistry discover();

        /** The preset loader of this run, validating against {@code registry}. */
        PresetLoader presetLoader(PluginRegistry registry);

        /** The chain to start with: the scene's chain (or {@code defaultIds}), presets and --set applied. */
        ChainSpec spec(PluginRegistry registry, String... defaultIds);
    }

    private HostRender() {
    }

    /** Build the chain once and throw it away: every preset, scene and --set problem is a UserError now. */
    public static void check(MidiSong song, ApuRender.Options options, Chain host) throws IOException {
        try (PluginRegistry reg = PluginDiscoveryQuiet.discover(host)) {
            PresetLoader loader = host.presetLoader(reg);
            ChainSpec spec = withApuDefaults(host.spec(reg, ApuInstrument.DESCRIPTOR.id()), song, options, loader);
            try {
                ChainBuilder.build(spec, reg, loader, new ChainBuilder.Config(options.sampleRate(), 1,
                        ApuRender.BLOCK_FRAMES, ApuRender.EVENT_CAPACITY), null).chain().destroy();
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    /** Discovery without printing rejections (the render itself prints them once). */
    private static final class PluginDiscoveryQuiet {
        static PluginRegistry discover(Chain host) {
            return org.nesjam.host.discovery.PluginDiscovery.discoverDefault(host.pluginDirs());
        }
    }

    /** Render {@code song} through the chain {@code host} describes; returns events dropped for lack of capacity. */
    static long render(MidiSong song, ApuRender.Options options, AudioSink sink, LongConsumer progress,
                       Chain host) throws IOException {
        try (PluginRegistry reg = host.discover();
             FaultReporter faults = new FaultReporter(System.err::println, false)) {
            PresetLoader loader = host.presetLoader(reg);
            ChainSpec spec = withApuDefaults(host.spec(reg, ApuInstrument.DESCRIPTOR.id()), song, options, loader);
            PreparedChain pc;
            try {
                pc = ChainBuilder.build(spec, reg, loader, new ChainBuilder.Config(options.sampleRate(), 1,
                        ApuRender.BLOCK_FRAMES, ApuRender.EVENT_CAPACITY), faults);
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            }
            try {
                song.rewind();
                OfflineRenderer.render(pc.chain(), song, song.lengthFrames(), ApuRender.BLOCK_FRAMES, sink, progress);
            } finally {
                pc.chain().destroy();
                faults.drain();
            }
            return pc.chain().block().inputEvents.dropped();
        }
    }

    /** The render flags as starting parameters of every APU in the chain (a preset or --set still wins). */
    static ChainSpec withApuDefaults(ChainSpec spec, MidiSong song, ApuRender.Options options, PresetLoader loader) {
        List<ChainSpec.Entry> entries = new ArrayList<>();
        for (ChainSpec.Entry e : spec.plugins()) {
            if (!e.id().equals(ApuInstrument.DESCRIPTOR.id())) {
                entries.add(e);
                continue;
            }
            Map<String, Double> fromPreset = Map.of();
            if (e.preset() != null) {
                try {
                    fromPreset = loader.library().preset(e.preset()).params();
                } catch (IOException ex) {
                    throw new UserError(ex.getMessage(), ex);
                }
            }
            Map<String, Double> base = new LinkedHashMap<>();
            base.put("region", options.pal() ? 1.0 : 0.0);
            base.put("filter", options.filter() == FilterMode.NES ? 0.0 : options.filter() == FilterMode.FAMICOM
                    ? 1.0 : 2.0);
            if (!song.nesMdb()) {
                base.put("p1.duty", 2.0);
                base.put("p2.duty", 2.0);
            }
            Map<String, Double> params = new LinkedHashMap<>();
            for (Map.Entry<String, Double> b : base.entrySet()) {
                if (!fromPreset.containsKey(b.getKey()) && !e.params().containsKey(b.getKey())) {
                    params.put(b.getKey(), b.getValue());
                }
            }
            params.putAll(e.params());
            entries.add(e.withParams(params));
        }
        return spec.withPlugins(entries);
    }
}
