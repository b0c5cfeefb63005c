package org.nesjam.app;

import java.util.Set;
import org.nesjam.audio.AudioBackendProvider;
import org.nesjam.audio.AudioBackends;
import org.nesjam.nativebridge.midi.MidiEndpoints;

/**
 * {@code nesjam devices}: what nesjam can play to and listen to here. Audio: every {@link AudioBackendProvider}
 * found through ServiceLoader, with its endpoints or why it cannot run, and which one the automatic choice takes.
 * MIDI: {@link MidiEndpoints} (RtMidi and javax.sound.midi). [main-thread]
 */
public final class DevicesCommand implements CliCommand {
    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String usage() {
        return "devices                 list audio outputs (jack, javasound, wav, stdout) and MIDI ports";
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("audio", "midi");
    }

    @Override
    public int run(Args args) {
        boolean onlyAudio = args.flag("audio") && !args.flag("midi");
        boolean onlyMidi = args.flag("midi") && !args.flag("audio");
        if (!onlyMidi) {
            listAudio();
        }
        if (!onlyAudio) {
            listMidi();
        }
        return 0;
    }

    private static void listAudio() {
        System.out.println("Audio outputs (--audio NAME):");
        String automatic = null;
        for (AudioBackendProvider p : AudioBackends.providers()) {
            for (String line : p.describeEndpoints()) {
                System.out.println("  " + line);
            }
            if (automatic == null && p.autoPriority() >= 0) {
                if (p.needsArgument()) {
                    automatic = p.name() + ":" + AudioBackends.FALLBACK_WAV;
                } else if (p.unavailableReason() == null) {
                    automatic = p.name();
                }
            }
        }
        System.out.println("  automatic choice here: " + (automatic == null ? "none" : automatic));
    }

    private static void listMidi() {
        System.out.println("MIDI (--midi-in / --midi-out):");
        MidiEndpoints.Listing listing = MidiEndpoints.list();
        for (MidiEndpoints.Endpoint e : listing.endpoints()) {
            System.out.println("  " + e.backend() + " " + e.direction() + ": " + e.name()
                    + (e.detail() == null || e.detail().isBlank() ? "" : " (" + e.detail() + ")"));
        }
        for (String note : listing.notes()) {
            System.out.println("  " + note);
        }
    }
}
