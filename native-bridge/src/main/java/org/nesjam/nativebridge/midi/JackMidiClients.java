package org.nesjam.nativebridge.midi;

import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackStatus;
import org.nesjam.nativebridge.jack.JackMessages;
import org.nesjam.nativebridge.rtmidi.JackProbe;

/** Opens the JACK clients of {@link JackMidiInput} and {@link JackMidiOutput}. [main-thread] */
final class JackMidiClients {
    /** Longest wait for a new client's first process call (see JackMidiInput's awaitFirstCycle). */
    static final long FIRST_CYCLE_MILLIS = 2000;

    private JackMidiClients() {
    }

    /** A client {@code name} on the running server (never starts one); one clear line when there is none. */
    static JackClient open(String name) throws MidiDeviceException {
        Jack jack;
        try {
            JackMessages.install(); // libjack's own lines go through nesjam's
            jack = Jack.getInstance();
        } catch (JackException | LinkageError e) {
            throw new MidiDeviceException("JACK MIDI: libjack not found (install libjack-jackd2-0)", e);
        }
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        try {
            return jack.openClient(name, EnumSet.of(JackOptions.JackNoStartServer), status);
        } catch (JackException e) {
            throw new MidiDeviceException("JACK MIDI: no JACK server '" + JackProbe.serverName() + "' running"
                    + (status.isEmpty() ? "" : " " + status), e);
        }
    }
}
