package org.nesjam.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginState;

/**
 * An activated {@link PluginChain} with its CC map and the {@link ChainSpec} it was built from: what
 * {@link ChainBuilder} makes and {@link LiveChain#submit} hands to the audio thread.
 * Ownership: whoever holds it (a LiveChain after submit) destroys it.
 */
public final class PreparedChain {
    private final PluginChain chain;
    private final ChainSpec spec;
    private volatile CcMap ccMap;

    public PreparedChain(PluginChain chain, ChainSpec spec, CcMap ccMap) {
        this.chain = chain;
        this.spec = spec;
        this.ccMap = ccMap;
    }

    public PluginChain chain() {
        return chain;
    }

    /** The description this chain was built from (not updated by automation: see {@link #capture}). */
    public ChainSpec spec() {
        return spec;
    }

    /** [any-thread] The CC map in force (read once per block by the audio thread). */
    public CcMap ccMap() {
        return ccMap;
    }

    /** [main-thread] Replace the CC map (learned mappings); the audio thread picks it up at the next block. */
    public void setCcMap(CcMap map) {
        this.ccMap = map;
    }

    /**
     * [main-thread] The chain's current settings as a spec to save and load again: every parameter's value by key,
     * and, when {@code withState} (only while the chain is not processing: offline, or after
     * {@link PluginChain#stopProcessing}), each plugin's opaque state. While processing, parameter values may lag
     * the audio thread by a block and the state of the spec it was built from is kept.
     */
    public ChainSpec capture(boolean withState) {
        List<ChainSpec.Entry> entries = new ArrayList<>();
        Plugin[] plugins = chain.plugins();
        for (int i = 0; i < plugins.length; i++) {
            ChainSpec.Entry old = spec.plugins().get(i);
            Map<String, Double> values = new LinkedHashMap<>();
            Params params = plugins[i].extension(Params.class);
            if (params != null) {
                for (int k = 0; k < params.paramCount(); k++) {
                    ParamInfo info = params.paramInfo(k);
                    values.put(info.key(), params.paramValue(info.id()));
                }
            }
            byte[] state = old.state();
            PluginState ps = plugins[i].extension(PluginState.class);
            if (withState && ps != null) {
                state = ps.saveState();
            }
            entries.add(new ChainSpec.Entry(old.id(), chain.midiChannels(i), old.preset(), values, state));
        }
        return new ChainSpec(entries, ccMap.bindings(), spec.source());
    }
}
