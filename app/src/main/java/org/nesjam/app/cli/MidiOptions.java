package org.nesjam.app.cli;

import java.util.ArrayList;
import java.util.List;
import org.nesjam.app.live.LivePorts;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The MIDI options of the live commands ({@code play}, {@code jam}): {@code --midi-in SPEC} (repeatable),
 * {@code --midi-out SPEC}, {@code --midi-api jack|alsa|core|winmm}, {@code --no-midi}. SPEC: {@code virtual:NAME}
 * (a port others connect to), {@code rtmidi:NAME}, {@code javasound:NAME} or just {@code NAME} (an existing port,
 * see {@code nesjam devices}), {@code none}. The live session opens them ({@link LivePorts}). [main-thread]
 */
public final class MidiOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--midi-in", paramLabel = "PORT", description = "MIDI input: virtual:NAME or a port name"
            + " (repeatable; default virtual:in plus every MIDI source present)")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--midi-out", paramLabel = "PORT", description = "MIDI output: virtual:NAME or a port name")
    String output;

    private String api;

    @Option(names = "--midi-api", paramLabel = "API", description = "RtMidi back end: jack, alsa, core or winmm")
    void api(String value) {
        if (RtMidiApi.parse(value) == null && !value.equals("auto")) {
            throw Checks.error(spec, "--midi-api must be jack, alsa, core or winmm, got '" + value + "'");
        }
        api = value;
    }

    @Option(names = "--no-midi", description = "open no MIDI port")
    boolean noMidi;

    /** What {@link LivePorts} opens. */
    public LivePorts.Request request() {
        return new LivePorts.Request(List.copyOf(inputs), output, api, noMidi);
    }
}
