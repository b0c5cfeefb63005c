package org.nesjam.app.cli;

import org.nesjam.gen.tokens.MidiOutMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --midi-out-map gm|nes} of the commands that send the model's voices out as MIDI ({@code jam}'s live output
 * and {@code --record}, {@code generate -o OUT.mid}); the mapping is {@link MidiOutMap}.
 */
public final class MidiOutMapOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    MidiOutMap map;

    @Option(names = "--midi-out-map", paramLabel = "gm|nes", description = "MIDI mapping of the model's voices: gm (a"
            + " DAW; jam's default) or nes (NES-MDB; generate's default)")
    void map(String value) {
        map = MidiOutMap.parse(value);
        if (map == null) {
            throw Checks.error(spec, "--midi-out-map must be gm or nes, got '" + value + "'");
        }
    }

    /** The option's value, or {@code def} when absent. */
    MidiOutMap get(MidiOutMap def) {
        return map != null ? map : def;
    }
}
