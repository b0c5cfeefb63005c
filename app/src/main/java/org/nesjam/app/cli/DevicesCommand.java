package org.nesjam.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.nesjam.audio.AudioBackendProvider;
import org.nesjam.audio.AudioBackends;
import org.nesjam.nativebridge.midi.MidiEndpoints;

/**
 * {@code nesjam devices}: what nesjam can play to and listen to here. Audio: every {@link AudioBackendProvider}
 * found through ServiceLoader, with its endpoints or why it cannot run, and which one the automatic choice takes.
 * MIDI: {@link MidiEndpoints} (RtMidi and javax.sound.midi). [main-thread]
 */
@Command(name = "devices", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = "List audio outputs (jack, javasound, wav, stdout) and MIDI ports.")
final class DevicesCommand implements Callable<Integer> {
    @Option(names = "--audio", description = "audio outputs only")
    boolean audio;

    @Option(names = "--midi", description = "MIDI ports only")
    boolean midi;

    @Override
    public Integer call() {
        if (!midi || audio) {
            listAudio();
        }
        if (!audio || midi) {
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
