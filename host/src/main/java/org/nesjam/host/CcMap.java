package org.nesjam.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nesjam.json.JsonException;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;

/**
 * MIDI CC to parameter mapping. Built on the main thread from {@link ChainSpec.CcBinding}s against the plugins of a
 * chain (keys resolved to ids and ranges once); then {@link #apply} on the audio thread turns every mapped
 * control change into a PARAM event at the same block offset, scaled 0..127 to the parameter's range (rounded
 * when stepped). Immutable after construction; a learned mapping makes a new map ({@link #with}).
 */
public final class CcMap {
    private final short[] table = new short[16 * 128];
    private final int[] target;
    private final int[] paramId;
    private final double[] min;
    private final double[] max;
    private final boolean[] stepped;
    private final List<ChainSpec.CcBinding> bindings;

    private CcMap(List<ChainSpec.CcBinding> bindings, ParamInfo[] infos) {
        Arrays.fill(table, (short) -1);
        int n = bindings.size();
        this.bindings = List.copyOf(bindings);
        target = new int[n];
        paramId = new int[n];
        min = new double[n];
        max = new double[n];
        stepped = new boolean[n];
        for (int i = 0; i < n; i++) {
            ChainSpec.CcBinding b = bindings.get(i);
            table[b.channel() * 128 + b.cc()] = (short) i;
            target[i] = b.plugin();
            paramId[i] = infos[i].id();
            min[i] = infos[i].min();
            max[i] = infos[i].max();
            stepped[i] = infos[i].stepped();
        }
    }

    /** An empty map. */
    public static CcMap empty() {
        return new CcMap(List.of(), new ParamInfo[0]);
    }

    /**
     * [main-thread] Resolve {@code bindings} against {@code plugins} (chain order). A later binding of the same
     * channel and controller replaces an earlier one. Errors name {@code source} and the field {@code cc[i]}.
     */
    public static CcMap build(List<ChainSpec.CcBinding> bindings, Plugin[] plugins, String source)
            throws JsonException {
        List<ChainSpec.CcBinding> unique = new ArrayList<>();
        for (ChainSpec.CcBinding b : bindings) {
            unique.removeIf(u -> u.channel() == b.channel() && u.cc() == b.cc());
            unique.add(b);
        }
        ParamInfo[] infos = new ParamInfo[unique.size()];
        for (int i = 0; i < unique.size(); i++) {
            ChainSpec.CcBinding b = unique.get(i);
            String field = "cc[" + bindings.indexOf(b) + "]";
            if (b.plugin() < 0 || b.plugin() >= plugins.length) {
                throw new JsonException(source, 0, 0, field + ".plugin", "no plugin at index " + b.plugin()
                        + " (the chain has " + plugins.length + ")");
            }
            Params params = plugins[b.plugin()].extension(Params.class);
            ParamInfo info = params == null ? null : params.paramByKey(b.param());
            if (info == null) {
                throw new JsonException(source, 0, 0, field + ".param", "plugin "
                        + plugins[b.plugin()].descriptor().id() + " has no parameter '" + b.param() + "'");
            }
            infos[i] = info;
        }
        return new CcMap(unique, infos);
    }

    /** [main-thread] This map plus {@code binding} (replacing any binding of the same channel and controller). */
    public CcMap with(ChainSpec.CcBinding binding, Plugin[] plugins, String source) throws JsonException {
        List<ChainSpec.CcBinding> l = new ArrayList<>(bindings);
        l.add(binding);
        return build(l, plugins, source);
    }

    public List<ChainSpec.CcBinding> bindings() {
        return bindings;
    }

    /**
     * [audio-thread] For every control change among the first {@code count} events of {@code events} that is mapped,
     * append a PARAM event at the same offset. Returns the number added. No allocation.
     */
    public int apply(EventBuffer events, int count) {
        if (target.length == 0) {
            return 0;
        }
        int added = 0;
        for (int e = 0; e < count; e++) {
            if (events.kind(e) != EventBuffer.MIDI || Midi.command(events.midiStatus(e)) != Midi.CONTROL_CHANGE) {
                continue;
            }
            int slot = table[Midi.channel(events.midiStatus(e)) * 128 + events.midiData1(e)];
            if (slot < 0) {
                continue;
            }
            double v = min[slot] + (max[slot] - min[slot]) * events.midiData2(e) / 127.0;
            if (stepped[slot]) {
                v = Math.rint(v);
            }
            if (events.addParam(events.blockOffset(e), target[slot], paramId[slot], v)) {
                added++;
            }
        }
        return added;
    }
}
