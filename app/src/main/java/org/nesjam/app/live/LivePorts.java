package org.nesjam.app.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nesjam.audio.AudioBackend;
import org.nesjam.audio.DeviceTimeline;
import org.nesjam.host.rt.Engine;
import org.nesjam.midi.live.MidiReceiver;
import org.nesjam.nativebridge.midi.LiveMidi;
import org.nesjam.nativebridge.midi.MidiDeviceException;
import org.nesjam.nativebridge.midi.MidiEndpoints;
import org.nesjam.nativebridge.midi.MidiOutput;
import org.nesjam.nativebridge.jack.JackAudioBackend;
import org.nesjam.nativebridge.midi.MidiPorts;
import org.nesjam.nativebridge.rtmidi.JackServerWatch;
import org.nesjam.nativebridge.rtmidi.NativeStderr;
import org.nesjam.nativebridge.rtmidi.RtMidiApis;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;

/**
 * The MIDI ports of a live command ({@code play} without a file, {@code jam}), opened from its options
 * ({@link Request}: {@code --midi-in}, {@code --midi-out}, {@code --midi-api}, {@code --no-midi}): the main input (default {@code virtual:in}) and output; every other MIDI
 * source of the machine when no {@code --midi-in} was given ({@link #connectAllInputs}); for the jam, its
 * own {@code virtual:out} when no {@code --midi-out} was given. Each port says what it is in one line on stderr;  a
 * port that fails is one line and the command goes on without it. What native code (libjack, RtMidi) prints while a
 * port opens is captured ({@link NativeStderr}) and summarised in one line (all of it with {@code NESJAM_DEBUG}).
 * <p>
 * JACK MIDI ports go away with the JACK server: {@link LiveRun#awaitServerReturn} waits for it,
 * {@link #releaseJackPorts} closes them all while it is away and {@link #reopenAfterServerReturn} opens them
 * again. Threads: [main-thread]; {@link #output()} [any-thread].
 */
public final class LivePorts implements AutoCloseable {
    /**
     * What to open: {@code inputs} (empty: {@code virtual:in} plus every MIDI source present), {@code output}
     * (null: none, or the jam's own {@code virtual:out}), the RtMidi {@code api} (null: automatic), or nothing
     * ({@code disabled}).
     */
    public record Request(List<String> inputs, String output, String api, boolean disabled) {
    }

    private final Request request;
    private final Engine engine;
    private final MidiReceiver receiver;
    private final boolean ownOutput;
    private final String activity;
    private final DeviceTimeline timeline;
    private LiveMidi main;
    private MidiOutput ownOut;
    private List<LiveMidi> others = List.of();
    private volatile MidiOutput output;
    private boolean released;
    /** The main ports last opened, kept after closing for {@link #countsReport()}. */
    private LiveMidi countedMain;
    private MidiOutput countedOwnOut;
    /** What native code printed while this round of ports opened; summarised in one line at its end. */
    private final List<String> nativeLines = new ArrayList<>();

    private LivePorts(Request request, Engine engine, MidiReceiver receiver, boolean ownOutput, String activity,
                      DeviceTimeline timeline) {
        this.timeline = timeline;
        this.request = request;
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
    public static LivePorts open(Request request, Engine engine, MidiReceiver receiver, boolean ownOutput,
                                 String activity, DeviceTimeline timeline) {
        LivePorts ports = new LivePorts(request, engine, receiver, ownOutput, activity, timeline);
        ports.openAll();
        return ports;
    }

    /**
     * The timeline that makes virtual ports JACK MIDI clients whose events keep their frames: the JACK audio back
     * end's, else null (RtMidi's ports).
     */
    public static DeviceTimeline timelineOf(AudioBackend backend) {
        return backend instanceof JackAudioBackend jack ? jack.timeline() : null;
    }

    /**
     * Ports that place events by their arrival (RtMidi, javax.sound.midi): a tick is seen, and a note lands, on
     * audio-period boundaries, and notes land closest to the host's grid this many audio periods early (measured with
     * RtMidi on JACK at 256 frames, {@code scripts/beat-lock-check.sh}).
     */
    static final double ARRIVAL_LATENCY_PERIODS = 1.05;

    /**
     * The latency of the ports' timing in frames, for the jam's clock ({@code JamPlugin.setPortLatencyFrames}): with
     * JACK MIDI ports on the engine's timeline, exactly the main input's stamps' delay plus the output's; with ports
     * that place events by their arrival, {@link #ARRIVAL_LATENCY_PERIODS} of {@code audioPeriodFrames}. [main-thread]
     */
    public int clockLatencyFrames(int audioPeriodFrames) {
        int frames = exactStampPeriodFrames();
        MidiOutput out = output;
        frames += out == null ? 0 : out.latencyFrames();
        return frames > 0 ? frames : (int) Math.round(ARRIVAL_LATENCY_PERIODS * audioPeriodFrames);
    }

    /**
     * The main input's exact-stamp period: a JACK MIDI input on the engine's timeline stamps each event exact to the
     * frame, but for a call a period late; 0 for inputs that place events by their arrival. [main-thread]
     */
    public int exactStampPeriodFrames() {
        return main == null || main.inputs().isEmpty() ? 0 : main.inputs().get(0).latencyFrames();
    }

    /** Gets the ports' timing (the jam's {@code JamPlugin::setPortTiming}). */
    @FunctionalInterface
    public interface TimingSink {
        void portTiming(int clockLatencyFrames, int exactStampPeriodFrames);
    }

    /**
     * {@code sink} gets {@link #clockLatencyFrames} and {@link #exactStampPeriodFrames} now and whenever the ports
     * open again (after a JACK server came back). [main-thread]
     */
    public void followTiming(int audioPeriodFrames, TimingSink sink) {
        latencyPeriodFrames = audioPeriodFrames;
        timingSink = sink;
        sink.portTiming(clockLatencyFrames(audioPeriodFrames), exactStampPeriodFrames());
    }

    private int latencyPeriodFrames;

    private TimingSink timingSink;

    /** The MIDI output (the jam sends the model's voices there), or null. [any-thread] */
    public MidiOutput output() {
        return output;
    }

    /**
     * The JACK server went away: close the JACK MIDI ports now, while no server runs (closing them after a new
     * server started crashes inside libjack), to be opened again by {@link #reopenAfterServerReturn}.
     */
    public void releaseJackPorts() {
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
    public void reopenAfterServerReturn() {
        if (released) {
            released = false;
            JackServerWatch.reset(); // RtMidi outputs watch the new server
            openAll();
        }
    }

    private void openAll() {
        String api = request.api();
        if (request.disabled()) {
            System.err.println("midi: disabled (--no-midi)");
            return;
        }
        boolean named = !request.inputs().isEmpty() || request.output() != null;
        if (api == null && !named && System.getenv("NESJAM_MIDI_API") == null && !rtMidiUsable()) {
            // no JACK server and no ALSA sequencer: say so once instead of letting libjack print its errors
            System.err.println("midi: no JACK server or ALSA sequencer running (or RtMidi missing); " + activity
                    + " without MIDI ports");
            return;
        }
        List<String> inputs = request.inputs().isEmpty() ? List.of("virtual:in") : request.inputs();
        try {
            main = quietly(() -> LiveMidi.open(inputs, request.output(), "nesjam", api, receiver, engine::setTempo,
                    timeline));
            for (String line : main.report()) {
                System.err.println(line);
            }
        } catch (MidiDeviceException | RuntimeException | LinkageError e) {
            System.err.println("midi: " + e.getMessage() + "; " + activity + " without MIDI");
        }
        MidiOutput out = main != null ? main.output() : null;
        if (out == null && ownOutput && request.output() == null) {
            // the model's four voices on a virtual port by default, so a DAW can record them
            try {
                ownOut = quietly(() -> MidiPorts.openOutput("virtual:out", "nesjam", api, timeline));
                out = ownOut;
                System.err.println("midi out: " + ownOut.description());
            } catch (MidiDeviceException | RuntimeException | LinkageError e) {
                System.err.println("midi out: " + e.getMessage() + "; no MIDI output");
            }
        }
        output = out;
        countedMain = main;
        countedOwnOut = ownOut;
        if (main != null && request.inputs().isEmpty()) {
            others = connectAllInputs(api);
        }
        summarise(nativeLines);
        nativeLines.clear();
        if (timingSink != null) {
            timingSink.portTiming(clockLatencyFrames(latencyPeriodFrames), exactStampPeriodFrames());
        }
    }

    /** A port-opening call whose native messages are captured and summarised (see the class comment). */
    private interface Opening<T> {
        T open() throws MidiDeviceException;
    }

    private <T> T quietly(Opening<T> call) throws MidiDeviceException {
        try {
            return NativeStderr.capture(call::open);
        } catch (MidiDeviceException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            nativeLines.addAll(NativeStderr.lastLines());
        }
    }

    /**
     * One line for what native code printed (RtMidi's last own line says why), or all of it with
     * {@code NESJAM_DEBUG}.
     */
    static void summarise(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        if (System.getenv("NESJAM_DEBUG") != null) {
            for (String l : lines) {
                System.err.println("native: " + l);
            }
            return;
        }
        String why = lines.get(lines.size() - 1);
        for (String l : lines) {
            if (l.contains("::")) { // RtMidi's own words, e.g. MidiInJack::initialize: JACK server not running?
                why = l;
            }
        }
        System.err.println("midi: " + lines.size() + " line" + (lines.size() == 1 ? "" : "s") + " from libjack/RtMidi"
                + " hidden (NESJAM_DEBUG=1 shows them), last reason: " + why);
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
     * Messages go to the receiver (which ends in the engine's input ring).
     */
    private List<LiveMidi> connectAllInputs(String api) {
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
                LiveMidi m = quietly(() -> LiveMidi.open(List.of(spec), null, "nesjam", api, receiver, null, null));
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

    /** MIDI clock ticks the open inputs received so far (0 without MIDI). [any-thread; may lag a little] */
    public long clockTicks() {
        long n = main == null ? 0 : main.clock().totalTicks();
        for (LiveMidi m : others) {
            n += m.clock().totalTicks();
        }
        return n;
    }

    /**
     * What the main ports last opened counted ({@link LiveMidi#countsReport}), a line each; after {@link #close()},
     * their final counts. [main-thread]
     */
    public List<String> countsReport() {
        List<String> lines = new ArrayList<>();
        LiveMidi m = countedMain;
        if (m != null) {
            lines.addAll(m.countsReport());
        }
        MidiOutput own = countedOwnOut;
        if (own != null) {
            lines.add("midi out: " + own.description() + ": " + own.counts());
        }
        return lines;
    }

    @Override
    public void close() {
        closeAll();
    }
}
