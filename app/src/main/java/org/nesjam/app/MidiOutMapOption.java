package org.nesjam.app;

import org.nesjam.gen.tokens.MidiOutMap;

/**
 * The {@code --midi-out-map gm|nes} option of the commands that send the model's voices out as MIDI ({@code jam}'s
 * live output and {@code --record}, {@code generate -o OUT.mid}); the mapping is {@link MidiOutMap}.
 */
final class MidiOutMapOption {
    static final String NAME = MidiOutMap.OPTION;
    static final String USAGE = "[--midi-out-map gm|nes]";

    private MidiOutMapOption() {
    }

    /** The option's value, or {@code def} when absent; anything but gm/nes is a one-line {@link UserError}. */
    static MidiOutMap get(Args args, MidiOutMap def) {
        if (!args.has(NAME)) {
            return def;
        }
        String v = args.get(NAME, "");
        MidiOutMap map = MidiOutMap.parse(v);
        if (map == null) {
            throw new UserError("--" + NAME + " must be gm or nes, got '" + v + "'");
        }
        return map;
    }
}
