package org.nesjam.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nesjam.host.rt.Engine;
import org.nesjam.midi.live.MidiReceiver;
import org.nesjam.nativebridge.midi.LiveMidi;
import org.nesjam.nativebridge.midi.MidiDeviceException;
import org.nesjam.nativebridge.midi.MidiEndpoints;
import org.nesjam.nativebridge.midi.MidiOutput;
import org.nesjam.nativebridge.midi.MidiPorts;
import org.nesjam.nativebridge.rtmidi.JackServerWatch;
import org.nesjam.nativebridge.rtmidi.RtMidiApis;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;

/**
 * The MIDI ports of a live command ({@code play} without a file, {@code jam}), opened from its options
 * ({@link MidiOptions}, {@code --no-midi}): the main input (default {@code virtual:in}) and output; every other MIDI
 * source of the machine when no {@code --midi-in} was given ({@link #connectAllInputs}); for the jam, its
 * own {@code virtual:out} when no {@code --midi-out} was given. Each port says what it is in one line on stderr; a
 * port that fails is one line and the command goes on without it.
 * <p>
 * JACK MIDI ports go away with the JACK server: {@link AudioOptions#awaitServerReturn} waits for it,
 * {@link #releaseJackPorts} closes them all while it is away and {@link #reopenAfterServerReturn} opens them
 * again. Threads: [main-thread]; {@link #output()} [any-thread].
 */
final class LivePorts implements AutoCloseable {
    private final Args args;
    private final Engine engine;
    private final MidiReceiver receiver;
    private final boolean ownOutput;
    private final String activity;
    private LiveMidi main;
    private MidiOutput ownOut;
    private List<LiveMidi> others = List.of();
    private volatile MidiOutput output;
    private boolean released;

    private LivePorts(Args args, Engine engine, MidiReceiver receiver, boolean ownOutput, String activity) {
        this.args = args;
        this.engine = engine;
        this.receiver = receiver;
        this.ownOutput = ownOutput;
        this.activity = activity;
    }

    /**
     * Opens the ports. {@code receiver} ends in {@code engine}'s input ring; {@code ownOutput}: open
     * {@code virtual:out} when no output was asked for; {@code activity} ("playing", "jamming") completes the lines
     * that say MIDI is off.
     */
    static LivePorts open(Args args, Engine engine, MidiReceiver receiver, boolean ownOutput, String activity) {
        LivePorts ports = new LivePorts(args, engine, receiver, ownOutput, activity);
        ports.openAll();
        return ports;
    }

    /** The MIDI output (the jam sends the model's voices there), or null. [any-thread] */
    MidiOutput output() {
        return output;
    }

    /**
     * The JACK server went away: close the JACK MIDI ports now, while no server runs (closing them after a new
     * server started crashes inside libjack), to be opened again by {@link #reopenAfterServerReturn}.
     */
    void releaseJackPorts() {
        boolean onJack = ownOut != null && ownOut.onJack() || main != null && main.onJack();
        for (LiveMidi m : others) {
            onJack |= m.onJack();
        }
        if (onJack) {
            closeAll();
            JackServerWatch.reset();
            released = true;
        }
    }

    /** The JACK server is back: open the ports {@link #releaseJackPorts} closed again. */
    void reopenAfterServerReturn() {
        if (released) {
            released = false;
            JackServerWatch.reset(); // RtMidi outputs watch the new server
            openAll();
        }
    }

    private void openAll() {
        String api = args.get("midi-api", null);
        if (args.flag("no-midi")) {
            System.err.println("midi: disabled (--no-midi)");
            return;
        }
        if (api == null && !args.has("midi-in") && !args.has("midi-out") && System.getenv("NESJAM_MIDI_API") == null
                && !rtMidiUsable()) {
            // no JACK server and no ALSA sequencer: say so once instead of letting libjack print its errors
            System.err.println("midi: no JACK server or ALSA sequencer running (or RtMidi missing); " + activity
                    + " without MIDI ports");
            return;
        }
        try {
            main = MidiOptions.from(args, "virtual:in").open(engine, receiver);
        } catch (UserError | LinkageError e) {
            System.err.println("midi: " + e.getMessage() + "; " + activity + " without MIDI");
        }
        MidiOutput out = main != null ? main.output() : null;
        if (out == null && ownOutput && !args.has("midi-out")) {
            // the model's four voices on a virtual port by default, so a DAW can record them
            try {
                ownOut = MidiPorts.openOutput("virtual:out", "nesjam", api);
                out = ownOut;
                System.err.println("midi out: " + ownOut.description());
            } catch (MidiDeviceException | RuntimeException | LinkageError e) {
                System.err.println("midi out: " + e.getMessage() + "; no MIDI output");
            }
        }
        output = out;
        if (main != null && !args.has("midi-in")) {
            others = connectAllInputs(engine, receiver, api);
        }
    }

    private void closeAll() {
        output = null;
        if (main != null) {
            main.close();
            main = null;
        }
        if (ownOut != null) {
            ownOut.close();
            ownOut = null;
        }
        for (LiveMidi m : others) {
            m.close();
        }
        others = List.of();
    }

    /**
     * "Listening to any MIDI input present": besides the virtual input, connect to every MIDI source the machine has
     * (RtMidi ports of other clients, javax.sound.midi inputs; at most 8; nesjam's own ports and MIDI Through are
     * skipped). A port that cannot be opened is reported in one line and skipped. Their MIDI clock is not used.
     * Messages go to {@code receiver} (which ends in {@code engine}'s input ring).
     */
    private static List<LiveMidi> connectAllInputs(Engine engine, MidiReceiver receiver, String api) {
        List<LiveMidi> opened = new ArrayList<>();
        List<MidiEndpoints.Endpoint> sources = new ArrayList<>();
        try {
            for (MidiEndpoints.Endpoint e
                    : MidiEndpoints.list().endpoints()) {
                String n = e.name().toLowerCase(Locale.ROOT);
                if (e.direction().equals("source") && !n.startsWith("nesjam") && !n.contains("midi through")
                        && !n.contains("real time sequencer") && !e.detail().startsWith("software synthesizer")) {
                    sources.add(e);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return opened;
        }
        for (MidiEndpoints.Endpoint e : sources) {
            if (opened.size() == 8) {
                break;
            }
            String spec = (e.backend().equals("javasound") ? "javasound:" : "rtmidi:") + e.name();
            try {
                LiveMidi m = LiveMidi.open(List.of(spec), null, "nesjam", api, receiver, null);
                opened.add(m);
                for (String line : m.report()) {
                    System.err.println(line);
                }
            } catch (MidiDeviceException | RuntimeException | LinkageError ex) {
                System.err.println("midi in: " + spec + ": " + ex.getMessage() + "; skipped");
            }
        }
        return opened;
    }

    /** True when RtMidi loads and has a back end that works now (a running JACK server, an ALSA sequencer, ...). */
    private static boolean rtMidiUsable() {
        try {
            return RtMidiNative.unavailableReason() == null
                    && !RtMidiApis.usable().isEmpty();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() {
        closeAll();
    }
}
