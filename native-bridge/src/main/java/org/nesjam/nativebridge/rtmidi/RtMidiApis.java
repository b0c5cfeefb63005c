package org.nesjam.nativebridge.rtmidi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Picks RtMidi's back end for this machine. Always explicit: RtMidi's own default tries ALSA first and fails
 * outright where ALSA is absent. [main-thread]
 * <ul>
 *   <li>{@code $NESJAM_MIDI_API} ({@code jack|alsa|core|winmm}) wins when set;</li>
 *   <li>macOS: CoreMIDI; Windows: WinMM;</li>
 *   <li>Linux and other Unixes: JACK when a JACK server is running, else ALSA when the sequencer device
 *   {@code /dev/snd/seq} exists, else JACK (its open then fails with a clear message).</li>
 * </ul>
 */
public final class RtMidiApis {
    private RtMidiApis() {
    }

    /** The API to use, given the user's choice ({@code null} or "auto" for automatic). */
    public static RtMidiApi choose(String requested) throws RtMidiException {
        List<RtMidiApi> compiled = RtMidiNative.compiledApis();
        String wanted = requested;
        if (wanted == null || wanted.isBlank() || wanted.equalsIgnoreCase("auto")) {
            wanted = System.getenv("NESJAM_MIDI_API");
        }
        if (wanted != null && !wanted.isBlank() && !wanted.equalsIgnoreCase("auto")) {
            RtMidiApi api = RtMidiApi.parse(wanted);
            if (api == null || api == RtMidiApi.UNSPECIFIED) {
                throw new RtMidiException("unknown MIDI API '" + wanted + "' (use jack, alsa, core or winmm)");
            }
            if (!compiled.contains(api)) {
                throw new RtMidiException("RtMidi has no " + api.shortName + " support in this build (compiled: "
                        + compiled + ")");
            }
            return api;
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac") && compiled.contains(RtMidiApi.MACOSX_CORE)) {
            return RtMidiApi.MACOSX_CORE;
        }
        if (os.contains("win") && compiled.contains(RtMidiApi.WINDOWS_MM)) {
            return RtMidiApi.WINDOWS_MM;
        }
        boolean jack = compiled.contains(RtMidiApi.UNIX_JACK);
        boolean alsa = compiled.contains(RtMidiApi.LINUX_ALSA);
        if (jack && JackProbe.serverRunning()) {
            return RtMidiApi.UNIX_JACK;
        }
        if (alsa && alsaSequencerPresent()) {
            return RtMidiApi.LINUX_ALSA;
        }
        if (jack) {
            return RtMidiApi.UNIX_JACK;
        }
        if (compiled.isEmpty()) {
            throw new RtMidiException("this RtMidi build has no MIDI back end");
        }
        return compiled.get(0);
    }

    /** True when the ALSA sequencer device exists (it does not on machines without sound drivers). */
    public static boolean alsaSequencerPresent() {
        return Files.exists(Path.of("/dev/snd/seq"));
    }

    /** The back ends worth listing now (for {@code nesjam devices}): running JACK, present ALSA, CoreMIDI, WinMM. */
    public static List<RtMidiApi> usable() throws RtMidiException {
        List<RtMidiApi> compiled = RtMidiNative.compiledApis();
        java.util.ArrayList<RtMidiApi> out = new java.util.ArrayList<>();
        for (RtMidiApi a : compiled) {
            switch (a) {
                case UNIX_JACK:
                    if (JackProbe.serverRunning()) {
                        out.add(a);
                    }
                    break;
                case LINUX_ALSA:
                    if (alsaSequencerPresent()) {
                        out.add(a);
                    }
                    break;
                case MACOSX_CORE:
                case WINDOWS_MM:
                    out.add(a);
                    break;
                default:
                    break;
            }
        }
        return out;
    }
}
