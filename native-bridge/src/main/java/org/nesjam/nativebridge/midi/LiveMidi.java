package org.nesjam.nativebridge.midi;

import java.util.ArrayList;
import java.util.List;
import org.nesjam.midi.live.MidiClock;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.midi.live.MidiReceiver;

/**
 * Everything MIDI a live command needs, opened from user specs and closed together: inputs (each with its own parser)
 * feeding one receiver (normally {@code engine::publishMidiNanos}), one shared {@link MidiClock} whose tempo and lock
 * state a {@link MidiTempoFeed} copies to a sink (normally {@code engine::setTempo}), and an optional output.
 * [main-thread] open/close.
 */
public final class LiveMidi implements AutoCloseable {
    private final List<MidiInput> inputs;
    private final MidiOutput output;
    private final MidiClock clock;
    private final MidiTempoFeed tempoFeed;

    private LiveMidi(List<MidiInput> inputs, MidiOutput output, MidiClock clock, MidiTempoFeed tempoFeed) {
        this.inputs = inputs;
        this.output = output;
        this.clock = clock;
        this.tempoFeed = tempoFeed;
    }

    /**
     * Opens every input spec (see {@link MidiPorts}; "none" entries are skipped) and the output spec (may be null or
     * "none"). On failure everything opened so far is closed again.
     *
     * @param api RtMidi back end ({@code jack|alsa|core|winmm}) or null for automatic
     * @param tempo gets tempo changes from MIDI clock; may be null
     * @param timeline the JACK audio back end's ({@code JackAudioBackend.timeline()}): virtual ports are then JACK
     *                 MIDI clients whose events keep their frames ({@link MidiPorts}); null otherwise
     */
    public static LiveMidi open(List<String> inputSpecs, String outputSpec, String clientName, String api,
                                MidiReceiver receiver, MidiTempoFeed.TempoSink tempo,
                                org.nesjam.audio.DeviceTimeline timeline) throws MidiDeviceException {
        MidiClock clock = new MidiClock();
        List<MidiInput> inputs = new ArrayList<>();
        MidiOutput output = null;
        try {
            for (String spec : inputSpecs) {
                MidiInput in = MidiPorts.openInput(spec, clientName, api,
                        new MidiInputPipeline(receiver, clock, true), RtMidiInput.Mode.POLL, timeline);
                if (in != null) {
                    inputs.add(in);
                }
            }
            output = MidiPorts.openOutput(outputSpec, clientName, api, timeline);
        } catch (MidiDeviceException | RuntimeException e) {
            for (MidiInput in : inputs) {
                in.close();
            }
            throw e;
        }
        MidiTempoFeed feed = tempo == null ? null : new MidiTempoFeed(clock, tempo, 50);
        return new LiveMidi(List.copyOf(inputs), output, clock, feed);
    }

    public List<MidiInput> inputs() {
        return inputs;
    }

    /** The output, or null when none was asked for. */
    public MidiOutput output() {
        return output;
    }

    public MidiClock clock() {
        return clock;
    }

    /** Whether any of the ports is a JACK MIDI port (they go away with the JACK server). */
    public boolean onJack() {
        for (MidiInput in : inputs) {
            if (in.onJack()) {
                return true;
            }
        }
        return output != null && output.onJack();
    }

    /** One line per opened port, e.g. "midi in: RtMidi jack virtual input 'keys' (client 'nesjam-in')". */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        for (MidiInput in : inputs) {
            lines.add("midi in: " + in.description());
        }
        if (output != null) {
            lines.add("midi out: " + output.description());
        }
        return lines;
    }

    /**
     * One line per port that counted something, for the end of a run, e.g. "midi in: JACK MIDI virtual input 'keys'
     * (...): 2 cycles run twice left out, ...". [any-thread; the counters may lag a little]
     */
    public List<String> countsReport() {
        List<String> lines = new ArrayList<>();
        for (MidiInput in : inputs) {
            String counts = in.counts();
            if (!counts.isEmpty()) {
                lines.add("midi in: " + in.description() + ": " + counts);
            }
        }
        if (output != null) {
            lines.add("midi out: " + output.description() + ": " + output.counts());
        }
        return lines;
    }

    /** Closes the tempo feed, the inputs and the output. Never throws. */
    @Override
    public void close() {
        if (tempoFeed != null) {
            tempoFeed.close();
        }
        for (MidiInput in : inputs) {
            in.close();
        }
        if (output != null) {
            output.close();
        }
    }
}
