package org.nesjam.nativebridge.jack;

import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackProcessCallback;
import org.jaudiolibs.jnajack.JackShutdownCallback;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * A JACK MIDI through port for test harnesses ({@code scripts/beat-lock-check.sh}): client {@code NAME} with MIDI
 * input {@code in} and output {@code out}; every event that arrives on {@code in} in a JACK cycle is written to
 * {@code out} in the same cycle at the same frame offset. The harness connects {@code out} to all its listeners
 * once and each source to {@code in} only, so a source that connects or disconnects mid-take (a MIDI clock handing
 * over to another) reaches every listener with the same events: the listeners never count a tick differently.
 * Not part of the live instrument.
 * <p>
 * Threads: forwarding happens on JACK's process thread (through JNA, which allocates a little there; a test tool);
 * everything else on the caller's thread. Events larger than {@link #MAX_EVENT_BYTES} are dropped and counted.
 */
public final class JackMidiThrough implements AutoCloseable {
    /** Largest forwarded event (a long sysex is not what this is for). */
    public static final int MAX_EVENT_BYTES = 1024;

    private final JackClient client;
    private final JackPort input;
    private final JackPort output;
    private final JackMidi.Event event = new JackMidi.Event();
    private final byte[] eventBytes = new byte[MAX_EVENT_BYTES];
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong clockTicks = new AtomicLong();
    private final CountDownLatch serverGone = new CountDownLatch(1);
    // held in fields: JNA must not lose them while JACK may call them
    private final JackProcessCallback processCallback = this::process;
    private final JackShutdownCallback shutdownCallback = c -> serverGone.countDown();

    /** Opens and activates client {@code name} (the server's name for it: {@link #clientName()}). */
    public JackMidiThrough(String name) throws JackException {
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer), status);
        input = client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
        output = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        client.setProcessCallback(processCallback);
        client.onShutdown(shutdownCallback);
        client.activate();
    }

    /** The client's name as the server registered it (ports {@code NAME:in}, {@code NAME:out}). */
    public String clientName() {
        return client.getName();
    }

    /** Events forwarded so far (any thread). */
    public long forwarded() {
        return forwarded.get();
    }

    /** MIDI clock ticks (0xF8) among the forwarded events (any thread). */
    public long clockTicks() {
        return clockTicks.get();
    }

    /** Events lost: larger than {@link #MAX_EVENT_BYTES}, or the output buffer refused them (any thread). */
    public long dropped() {
        return dropped.get();
    }

    private boolean process(JackClient c, int frames) {
        try {
            JackMidi.clearBuffer(output);
            int n = JackMidi.getEventCount(input);
            for (int i = 0; i < n; i++) {
                JackMidi.eventGet(event, input, i);
                int size = event.size();
                if (size > eventBytes.length) {
                    dropped.incrementAndGet();
                    continue;
                }
                event.read(eventBytes);
                try {
                    JackMidi.eventWrite(output, event.time(), eventBytes, size);
                    forwarded.incrementAndGet();
                    if (size == 1 && eventBytes[0] == (byte) 0xF8) {
                        clockTicks.incrementAndGet();
                    }
                } catch (JackException full) {
                    dropped.incrementAndGet();
                }
            }
        } catch (Throwable t) {
            dropped.incrementAndGet(); // never unwind into libjack
        }
        return true;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * {@code java -cp nesjam.jar org.nesjam.nativebridge.jack.JackMidiThrough NAME}: runs the through port on the
     * server {@code $JACK_DEFAULT_SERVER} names until killed (SIGTERM/SIGINT) or the server goes; prints
     * {@code through: NAME:in -> NAME:out} once active, and the event counts at the end. Exit 0 when killed, 1 when
     * JACK refuses the client or the server goes, 2 for a usage error.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: JackMidiThrough NAME");
            System.exit(2);
        }
        JackMidiThrough through;
        try {
            through = new JackMidiThrough(args[0]);
        } catch (JackException | RuntimeException e) {
            System.err.println("through: cannot open JACK client '" + args[0] + "': " + e.getMessage());
            System.exit(1);
            return;
        }
        String name = through.clientName();
        Runtime.getRuntime().addShutdownHook(org.nesjam.threads.NesjamThread.SHUTDOWN.newThread("through", () -> {
            System.out.println("through: " + through.forwarded() + " events forwarded (" + through.clockTicks()
                    + " clock ticks), " + through.dropped() + " dropped");
            System.out.flush();
            // no close(): the JVM crashed (in JNA's detach of JACK's thread) or hung there on its way out; the
            // server drops a client whose process ended
            Runtime.getRuntime().halt(0);
        }));
        System.out.println("through: " + name + ":in -> " + name + ":out");
        System.out.flush();
        through.serverGone.await();
        System.err.println("through: the JACK server went away");
        Runtime.getRuntime().halt(1);
    }
}
