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
 * It also records, on JACK's frame clock, what it forwards and what arrives on a third port {@code rec} (not
 * forwarded: the beat-lock check connects nesjam's MIDI output there), for {@link #writeRecord} in the format of
 * {@code jack_midi_dump -a}. Why not that dump: its "absolute" time counts the frames of the cycles it ran, so it
 * falls back a period whenever the server skips it in an xrun (and loses that cycle's events). The record's frame
 * is the cycle's {@code jack_last_frame_time} plus the event's offset. In an xrun on a dummy server a client may be
 * skipped for a cycle (its events are lost for it and everything downstream), or called late for a cycle, after the
 * next one began, when {@code jack_last_frame_time} already names the next one; either way two calls in a row then
 * see the same frame time. Where the second holds all the first's events (at the same offsets), one cycle ran twice
 * and is recorded once (as the second call saw it); otherwise the first call was late, and its events go back a
 * period.
 * <p>
 * Threads: forwarding happens on JACK's process thread (through JNA, which allocates a little there; a test tool);
 * everything else on the caller's thread. Events larger than {@link #MAX_EVENT_BYTES} are dropped and counted.
 */
public final class JackMidiThrough implements AutoCloseable {
    /** Largest forwarded event (a long sysex is not what this is for). */
    public static final int MAX_EVENT_BYTES = 1024;
    /** Process calls recorded (23 minutes at 256 frames a period, 48 kHz); events (some 40 minutes at 160 bpm). */
    static final int MAX_CALLS = 1 << 18;
    static final int MAX_EVENTS = 1 << 18;

    private final JackClient client;
    private final JackPort input;
    private final JackPort output;
    private final JackPort record;
    /** Per process call: jack_last_frame_time; per recorded event: its call, offset and bytes (up to 3). */
    private final long[] callFrames = new long[MAX_CALLS];
    private final int[] eventCall = new int[MAX_EVENTS];
    private final int[] eventOffset = new int[MAX_EVENTS];
    private final int[] eventBytes3 = new int[MAX_EVENTS];
    private final byte[] eventSize = new byte[MAX_EVENTS];
    private volatile int calls;
    private volatile int events;
    private volatile int periodFrames;
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
        record = client.registerPort("rec", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
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
            int call = calls;
            if (call < MAX_CALLS) {
                callFrames[call] = c.getLastFrameTime();
                periodFrames = frames;
                calls = call + 1;
            }
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
                keep(call, event.time(), size);
            }
            n = JackMidi.getEventCount(record);
            for (int i = 0; i < n; i++) {
                JackMidi.eventGet(event, record, i);
                int size = event.size();
                if (size <= eventBytes.length) {
                    event.read(eventBytes);
                    keep(call, event.time(), size);
                }
            }
        } catch (Throwable t) {
            dropped.incrementAndGet(); // never unwind into libjack
        }
        return true;
    }

    /** Records the event in {@link #eventBytes} (1-3 bytes; longer ones are not recorded). */
    private void keep(int call, int offset, int size) {
        int e = events;
        if (call >= MAX_CALLS || e >= MAX_EVENTS || size < 1 || size > 3) {
            return;
        }
        int packed = 0;
        for (int b = 0; b < size; b++) {
            packed |= (eventBytes[b] & 0xFF) << (8 * b);
        }
        eventCall[e] = call;
        eventOffset[e] = offset;
        eventBytes3[e] = packed;
        eventSize[e] = (byte) size;
        events = e + 1;
    }

    /**
     * What was forwarded and what arrived on {@code rec}, one {@code "FRAME: b0 b1 b2"} line each (hex bytes, as
     * {@code jack_midi_dump -a} prints them), on JACK's frame clock, repeated cycles left out and late ones moved
     * back (class comment). [any thread, once the events are in]
     */
    public void writeRecord(java.io.Writer out) throws java.io.IOException {
        int n = calls;
        int m = events;
        int[] first = new int[n + 1]; // events of call c: first[c] .. first[c + 1] - 1
        java.util.Arrays.fill(first, m);
        for (int e = m - 1; e >= 0; e--) {
            first[eventCall[e]] = e;
        }
        for (int c = n - 1; c >= 0; c--) {
            first[c] = Math.min(first[c], first[c + 1]);
        }
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < n; c++) {
            long frame = callFrames[c];
            if (c + 1 < n && callFrames[c + 1] == frame) {
                if (containedIn(first[c], first[c + 1], first[c + 1], first[c + 2])) {
                    continue; // one cycle run twice (the second call may hold more): recorded once
                }
                frame -= periodFrames; // called late, when the frame time was the next cycle's already
            }
            for (int e = first[c]; e < first[c + 1]; e++) {
                line.setLength(0);
                line.append(frame + eventOffset[e]).append(':');
                for (int b = 0; b < eventSize[e]; b++) {
                    line.append(String.format(" %02x", (eventBytes3[e] >>> (8 * b)) & 0xFF));
                }
                out.write(line.append('\n').toString());
            }
        }
    }

    /** Whether every recorded event {@code a..aEnd-1} is among {@code b..bEnd-1} (the same offset and bytes). */
    private boolean containedIn(int a, int aEnd, int b, int bEnd) {
        for (int i = a; i < aEnd; i++) {
            boolean found = false;
            for (int j = b; j < bEnd && !found; j++) {
                found = eventOffset[i] == eventOffset[j] && eventBytes3[i] == eventBytes3[j];
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * {@code java -cp nesjam.jar org.nesjam.nativebridge.jack.JackMidiThrough NAME [RECORD_FILE]}: runs the through
     * port on the server {@code $JACK_DEFAULT_SERVER} names until killed (SIGTERM/SIGINT) or the server goes; prints
     * {@code through: NAME:in -> NAME:out} once active, and the event counts at the end, when it also writes its
     * record ({@link #writeRecord}) to {@code RECORD_FILE}. Exit 0 when killed, 1 when
     * JACK refuses the client or the server goes, 2 for a usage error.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2 || args[0].isBlank()) {
            System.err.println("usage: JackMidiThrough NAME [RECORD_FILE]");
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
            if (args.length > 1) {
                try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(args[1]))) {
                    through.writeRecord(w);
                } catch (java.io.IOException | RuntimeException e) {
                    System.out.println("through: cannot write " + args[1] + ": " + e.getMessage());
                }
            }
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
