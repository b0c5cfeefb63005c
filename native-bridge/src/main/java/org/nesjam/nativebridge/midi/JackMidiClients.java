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

    /** Clients opened for one port before {@link #openActive} goes on with one JACK has not run. */
    static final int OPEN_ATTEMPTS = 3;

    /** A port built on its own client: counts down {@link #firstCycle()} in its first process call. */
    interface Port {
        CountDownLatch firstCycle();

        /** Closes the port and its client. */
        void close();
    }

    /** Registers a port on a just opened client and sets its callbacks (not yet active). */
    @FunctionalInterface
    interface Builder<T extends Port> {
        T build(JackClient client) throws JackException;
    }

    /**
     * Opens client {@code clientName}, builds its port and activates it, then waits (up to
     * {@link #FIRST_CYCLE_MILLIS}) until JACK has run it once. A client JACK does not run is closed and opened again
     * (up to {@link #OPEN_ATTEMPTS} clients): libjack keeps one table of the server's wake-up futexes per process,
     * indexed by client number, and a new client whose number a short-lived client of another process (jack_lsp,
     * jack_connect) had just used can find that slot still mapped to the old client's futex while another of this
     * process's clients has not yet handled the old one's removal; its process thread then waits on the old futex
     * for good while the server wakes the new one (seen about once in 15 beat-lock checks: gdb showed the thread in
     * libjack's first wait, "client was not finished, state = Triggered" every cycle). {@code what} names the port
     * in messages ("JACK MIDI input 'keys'").
     */
    static <T extends Port> T openActive(String clientName, String what, Builder<T> builder)
            throws MidiDeviceException {
        for (int attempt = 1; ; attempt++) {
            JackClient client = open(clientName);
            T port;
            try {
                port = builder.build(client);
                client.activate();
            } catch (JackException | RuntimeException e) {
                client.close();
                throw new MidiDeviceException(what + ": " + e.getMessage(), e);
            }
            if (awaitFirstCycle(port.firstCycle())) {
                return port;
            }
            String name = client.getName();
            if (attempt == OPEN_ATTEMPTS) {
                System.err.println("midi: JACK has not run client '" + name + "' in " + OPEN_ATTEMPTS
                        + " tries; going on");
                return port;
            }
            System.err.println("midi: JACK has not run client '" + name + "' in " + FIRST_CYCLE_MILLIS
                    + " ms; opening it again");
            port.close();
        }
    }

    /**
     * True once {@code firstCycle} is counted down, false after {@link #FIRST_CYCLE_MILLIS}; true when interrupted
     * (the caller is shutting down: no new client).
     */
    private static boolean awaitFirstCycle(CountDownLatch firstCycle) {
        try {
            return firstCycle.await(FIRST_CYCLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
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
