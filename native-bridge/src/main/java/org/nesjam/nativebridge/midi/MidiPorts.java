package org.nesjam.nativebridge.midi;

import org.nesjam.audio.DeviceTimeline;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiApis;
import org.nesjam.nativebridge.rtmidi.RtMidiException;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;

/**
 * Opens MIDI ports from what the user typed ({@code --midi-in SPEC}, {@code --midi-out SPEC}). [main-thread]
 * <ul>
 *   <li>{@code virtual:NAME}: an RtMidi virtual port others connect to. RtMidi makes every input and output its own
 *   client, named {@code CLIENT-in} / {@code CLIENT-out} here, so with JACK the ports are
 *   {@code nesjam-in:NAME} and {@code nesjam-out:NAME} (JACK appends {@code -01}... when a name is taken).
 *   With JACK audio ({@link DeviceTimeline}), they are nesjam's own JACK MIDI clients ({@link JackMidiInput},
 *   {@link JackMidiOutput}) of the same names, whose events keep their frames.</li>
 *   <li>{@code rtmidi:NAME}: connect RtMidi to the existing port NAME names (exact name, {@code client} or
 *   {@code port} part, or a unique substring, case-insensitive).</li>
 *   <li>{@code javasound:NAME}: a javax.sound.midi device.</li>
 *   <li>{@code NAME}: RtMidi first, then javax.sound.midi.</li>
 *   <li>{@code none} / {@code off}: no port (null).</li>
 * </ul>
 * The RtMidi back end is {@code api} ({@code jack|alsa|core|winmm}), else automatic (see {@link RtMidiApis}).
 */
public final class MidiPorts {
    /** Default client name prefix. */
    public static final String DEFAULT_CLIENT = "nesjam";

    private MidiPorts() {
    }

    /** True for specs that mean "no port". */
    public static boolean isNone(String spec) {
        return spec == null || spec.isBlank() || spec.equalsIgnoreCase("none") || spec.equalsIgnoreCase("off");
    }

    /**
     * Opens an input feeding {@code pipeline}; null for {@code none}.
     *
     * @param api RtMidi back end name or null/"auto"
     */
    public static MidiInput openInput(String spec, String clientName, String api, MidiInputPipeline pipeline,
                                      RtMidiInput.Mode mode) throws MidiDeviceException {
        return openInput(spec, clientName, api, pipeline, mode, null);
    }

    /**
     * {@link #openInput(String, String, String, MidiInputPipeline, RtMidiInput.Mode)}; with the {@code timeline} of a
     * JACK audio back end (not null) and the JACK API (or automatic), {@code virtual:NAME} is a {@link JackMidiInput}
     * whose events carry the engine time of their frame.
     */
    public static MidiInput openInput(String spec, String clientName, String api, MidiInputPipeline pipeline,
                                      RtMidiInput.Mode mode, DeviceTimeline timeline) throws MidiDeviceException {
        if (isNone(spec)) {
            return null;
        }
        String client = (clientName == null || clientName.isBlank() ? DEFAULT_CLIENT : clientName) + "-in";
        String s = spec.trim();
        if (s.startsWith("virtual:") && onJackTimeline(api, timeline)) {
            return JackMidiInput.openVirtual(client, nonEmpty(s.substring(8), spec), pipeline, timeline);
        }
        try {
            if (s.startsWith("virtual:")) {
                String name = nonEmpty(s.substring(8), spec);
                return RtMidiInput.openVirtual(rtApi(api), client, name, pipeline, mode);
            }
            if (s.startsWith("rtmidi:")) {
                return RtMidiInput.connect(rtApi(api), client, nonEmpty(s.substring(7), spec), pipeline, mode);
            }
        } catch (RtMidiException e) {
            throw new MidiDeviceException("MIDI input '" + spec + "': " + e.getMessage(), e);
        }
        if (s.startsWith("javasound:")) {
            return JavaSoundMidi.openInput(nonEmpty(s.substring(10), spec), pipeline);
        }
        String rtProblem;
        try {
            return RtMidiInput.connect(rtApi(api), client, s, pipeline, mode);
        } catch (RtMidiException e) {
            rtProblem = e.getMessage();
        }
        try {
            return JavaSoundMidi.openInput(s, pipeline);
        } catch (MidiDeviceException e) {
            throw new MidiDeviceException("MIDI input '" + spec + "': " + rtProblem + "; " + e.getMessage()
                    + " (use virtual:NAME for a port others connect to)");
        }
    }

    /** Opens an output; null for {@code none}. */
    public static MidiOutput openOutput(String spec, String clientName, String api) throws MidiDeviceException {
        return openOutput(spec, clientName, api, null);
    }

    /**
     * {@link #openOutput(String, String, String)}; with the {@code timeline} of a JACK audio back end (not null) and
     * the JACK API (or automatic), {@code virtual:NAME} is a {@link JackMidiOutput} that sends each message at its
     * engine time's frame.
     */
    public static MidiOutput openOutput(String spec, String clientName, String api, DeviceTimeline timeline)
            throws MidiDeviceException {
        if (isNone(spec)) {
            return null;
        }
        String client = (clientName == null || clientName.isBlank() ? DEFAULT_CLIENT : clientName) + "-out";
        String s = spec.trim();
        if (s.startsWith("virtual:") && onJackTimeline(api, timeline)) {
            return JackMidiOutput.openVirtual(client, nonEmpty(s.substring(8), spec), timeline);
        }
        try {
            if (s.startsWith("virtual:")) {
                return RtMidiOutput.openVirtual(rtApi(api), client, nonEmpty(s.substring(8), spec));
            }
            if (s.startsWith("rtmidi:")) {
                return RtMidiOutput.connect(rtApi(api), client, nonEmpty(s.substring(7), spec));
            }
        } catch (RtMidiException e) {
            throw new MidiDeviceException("MIDI output '" + spec + "': " + e.getMessage(), e);
        }
        if (s.startsWith("javasound:")) {
            return JavaSoundMidi.openOutput(nonEmpty(s.substring(10), spec));
        }
        String rtProblem;
        try {
            return RtMidiOutput.connect(rtApi(api), client, s);
        } catch (RtMidiException e) {
            rtProblem = e.getMessage();
        }
        try {
            return JavaSoundMidi.openOutput(s);
        } catch (MidiDeviceException e) {
            throw new MidiDeviceException("MIDI output '" + spec + "': " + rtProblem + "; " + e.getMessage()
                    + " (use virtual:NAME for a port others connect to)");
        }
    }

    /** A JACK audio timeline is there and the MIDI API asked for (or NESJAM_MIDI_API) is JACK or automatic. */
    private static boolean onJackTimeline(String api, DeviceTimeline timeline) {
        if (timeline == null) {
            return false;
        }
        String wanted = api == null || api.isBlank() ? System.getenv("NESJAM_MIDI_API") : api;
        return wanted == null || wanted.isBlank() || wanted.equalsIgnoreCase("auto") || wanted.equalsIgnoreCase("jack");
    }

    private static RtMidiApi rtApi(String api) throws RtMidiException {
        RtMidiNative.library(); // one clear line when the library is missing
        return RtMidiApis.choose(api);
    }

    private static String nonEmpty(String name, String spec) throws MidiDeviceException {
        if (name.isBlank()) {
            throw new MidiDeviceException("MIDI port spec '" + spec + "' has no name after the colon");
        }
        return name.trim();
    }
}
