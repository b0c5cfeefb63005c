package org.nesjam.nativebridge.midi;

import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackStatus;
import org.nesjam.nativebridge.jack.JackMessages;
import org.nesjam.nativebridge.rtmidi.JackProbe;

/** Opens the JACK clients of {@link JackMidiInput} and {@link JackMidiOutput}. [main-thread] */
final class JackMidiClients {
    /** Longest wait for a new client's first process call ({@link #awaitFirstCycle}). */
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

    /**
     * Waits (up to {@link #FIRST_CYCLE_MILLIS}) until JACK has run the just activated {@code client} once
     * ({@code firstCycle} is counted down by its process call), so that its process thread has joined the JVM before
     * the next client starts: two JACK clients' threads joining the JVM at once left one of them stuck outside Java
     * for good on this VM (3 times in some 60 check runs), stalling JACK's graph every cycle.
     */
    static void awaitFirstCycle(JackClient client, CountDownLatch firstCycle) {
        try {
            if (!firstCycle.await(FIRST_CYCLE_MILLIS, TimeUnit.MILLISECONDS)) {
                System.err.println("midi: JACK has not run client '" + client.getName() + "' yet; going on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes {@code client} (returning after its process thread left the callback), but not when its server is gone
     * ({@code dead}): that call could block on the dead socket. False when the close threw.
     */
    static boolean close(JackClient client, java.util.concurrent.atomic.AtomicBoolean dead) {
        if (dead.get()) {
            return true;
        }
        try {
            client.close();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
