package org.nesjam.nativebridge.midi;

import java.util.ArrayList;
import java.util.List;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiApis;
import org.nesjam.nativebridge.rtmidi.RtMidiException;
import org.nesjam.nativebridge.rtmidi.RtMidiIn;
import org.nesjam.nativebridge.rtmidi.RtMidiNative;
import org.nesjam.nativebridge.rtmidi.RtMidiOut;

/** Lists the MIDI endpoints nesjam can use, for {@code nesjam devices}. [main-thread] */
public final class MidiEndpoints {
    private MidiEndpoints() {
    }

    /**
     * One endpoint. {@code direction} is "source" (nesjam can read it: {@code --midi-in}) or "sink" (nesjam can write
     * to it: {@code --midi-out}); {@code backend} is "rtmidi-jack", "rtmidi-alsa", ... or "javasound".
     */
    public record Endpoint(String backend, String direction, String name, String detail) {
    }

    /** What was found, plus one line per back end that was skipped and why. */
    public record Listing(List<Endpoint> endpoints, List<String> notes) {
    }

    public static Listing list() {
        List<Endpoint> endpoints = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String missing = RtMidiNative.unavailableReason();
        if (missing != null) {
            notes.add(missing);
        } else {
            try {
                List<RtMidiApi> usable = RtMidiApis.usable();
                List<RtMidiApi> compiled = RtMidiNative.compiledApis();
                for (RtMidiApi api : compiled) {
                    if (!usable.contains(api)) {
                        notes.add("rtmidi-" + api.shortName + ": " + (api == RtMidiApi.UNIX_JACK
                                ? "no JACK server running (server '" + org.nesjam.nativebridge.rtmidi.JackProbe
                                        .serverName() + "')"
                                : api == RtMidiApi.LINUX_ALSA ? "no ALSA sequencer (/dev/snd/seq missing)"
                                : "not usable here"));
                    }
                }
                for (RtMidiApi api : usable) {
                    listRtMidi(api, endpoints, notes);
                }
            } catch (RtMidiException e) {
                notes.add(e.getMessage());
            }
        }
        List<JavaSoundMidi.Device> devices = JavaSoundMidi.list();
        for (JavaSoundMidi.Device d : devices) {
            String detail = (d.synthesizer() ? "software synthesizer, " : "") + d.vendor() + ", " + d.description();
            if (d.source()) {
                endpoints.add(new Endpoint("javasound", "source", d.name(), detail));
            }
            if (d.sink()) {
                endpoints.add(new Endpoint("javasound", "sink", d.name(), detail));
            }
        }
        if (devices.isEmpty()) {
            notes.add("javasound: no javax.sound.midi devices");
        }
        return new Listing(endpoints, notes);
    }

    private static void listRtMidi(RtMidiApi api, List<Endpoint> endpoints, List<String> notes) {
        String backend = "rtmidi-" + api.shortName;
        try (RtMidiIn in = RtMidiIn.create(api, "nesjam-list", 16)) {
            for (String n : in.portNames()) {
                endpoints.add(new Endpoint(backend, "source", n, ""));
            }
        } catch (RtMidiException e) {
            notes.add(backend + ": " + e.getMessage());
        }
        try (RtMidiOut out = RtMidiOut.create(api, "nesjam-list")) {
            for (String n : out.portNames()) {
                endpoints.add(new Endpoint(backend, "sink", n, ""));
            }
        } catch (RtMidiException e) {
            notes.add(backend + ": " + e.getMessage());
        }
    }
}
