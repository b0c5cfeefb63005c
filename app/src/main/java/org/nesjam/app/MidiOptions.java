package org.nesjam.app;

import java.util.List;
import java.util.Set;
import org.nesjam.host.rt.Engine;
import org.nesjam.nativebridge.midi.LiveMidi;
import org.nesjam.nativebridge.midi.MidiDeviceException;

/**
 * The MIDI options shared by the live commands ({@code play}, {@code jam}):
 * {@code --midi-in SPEC} (repeatable), {@code --midi-out SPEC}, {@code --midi-api jack|alsa|core|winmm}.
 * SPEC: {@code virtual:NAME} (a port others connect to; with JACK {@code nesjam-in:NAME} / {@code nesjam-out:NAME}),
 * {@code rtmidi:NAME} or {@code javasound:NAME} or just {@code NAME} (connect to an existing port, see
 * {@code nesjam devices}), {@code none}. [main-thread]
 * <p>
 * Use: add {@link #VALUED} to the command's {@code valuedOptions()}, then
 * <pre>
 * try (LiveMidi midi = MidiOptions.from(args).open(engine)) {  // prints one line per port on stderr
 *     ... audio.run(engine, out) ...; midi.output().trySend(...) from any thread
 * }
 * </pre>
 */
public final class MidiOptions {
    /** Options that take a value. */
    public static final Set<String> VALUED = Set.of("midi-in", "midi-out", "midi-api");
    /** For usage lines. */
    public static final String USAGE = "[--midi-in virtual:NAME|PORT] [--midi-out virtual:NAME|PORT] "
            + "[--midi-api jack|alsa|core|winmm]";

    private final List<String> inputs;
    private final String output;
    private final String api;

    private MidiOptions(List<String> inputs, String output, String api) {
        this.inputs = inputs;
        this.output = output;
        this.api = api;
    }

    /**
     * Parses the options. {@code defaultInput} is used when no {@code --midi-in} is given (e.g.
     * {@code "virtual:in"} so that a DAW or keyboard can connect; null for none).
     */
    public static MidiOptions from(Args args, String defaultInput) {
        List<String> in = args.all("midi-in");
        if (in.isEmpty() && defaultInput != null) {
            in = List.of(defaultInput);
        }
        String api = args.get("midi-api", null);
        if (api != null && org.nesjam.nativebridge.rtmidi.RtMidiApi.parse(api) == null && !api.equals("auto")) {
            throw new UserError("--midi-api must be jack, alsa, core or winmm, got '" + api + "'");
        }
        return new MidiOptions(in, args.get("midi-out", null), api);
    }

    /** Opens the ports, feeding {@code engine}'s input ring and tempo; one line per port on stderr. */
    public LiveMidi open(Engine engine) {
        return open(engine, engine::publishMidiNanos);
    }

    /** Opens the ports, feeding {@code receiver} (which ends in {@code engine}'s input ring) and the engine's tempo. */
    public LiveMidi open(Engine engine, org.nesjam.midi.live.MidiReceiver receiver) {
        try {
            LiveMidi midi = LiveMidi.open(inputs, output, "nesjam", api, receiver, engine::setTempo);
            for (String line : midi.report()) {
                System.err.println(line);
            }
            return midi;
        } catch (MidiDeviceException e) {
            throw new UserError(e.getMessage());
        }
    }
}
