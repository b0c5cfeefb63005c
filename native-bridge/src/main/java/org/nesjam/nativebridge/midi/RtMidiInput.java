package org.nesjam.nativebridge.midi;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiException;
import org.nesjam.nativebridge.rtmidi.RtMidiIn;
import org.nesjam.threads.NesjamThread;

/**
 * A {@link MidiInput} on RtMidi: a virtual port others connect to, or a connection to an existing port by name.
 * Bytes reach the pipeline from a Java thread polling {@code rtmidi_in_get_message} every
 * {@link #POLL_INTERVAL_NANOS} ({@link Mode#POLL}, the default: allocation-free, nothing Java on JACK's real-time
 * thread) or from RtMidi's callback ({@link Mode#CALLBACK}: no polling delay; other back ends only). With JACK the
 * callback is refused: RtMidi 5.0 runs it on JACK's real-time thread, where a slow (Java) callback receives repeated
 * bytes, loses the next cycle's MIDI (see {@link RtMidiIn}), and under load took the test JVM down (SIGABRT in CI).
 * RtMidi is told to drop sysex (the parser would discard it anyway) and active sensing, and to keep MIDI clock.
 */
public final class RtMidiInput implements MidiInput {
    /** How incoming messages are taken from RtMidi. */
    public enum Mode { POLL, CALLBACK }

    /** Poll period of {@link Mode#POLL}. */
    public static final long POLL_INTERVAL_NANOS = 250_000L;

    private final RtMidiIn in;
    private final MidiInputPipeline pipeline;
    private final String description;
    private final Thread poller;
    private final AtomicLong pollErrors = new AtomicLong();
    private volatile boolean closing;
    private volatile boolean realtime;

    @Override
    public boolean onJack() {
        return in.api() == RtMidiApi.UNIX_JACK;
    }

    private RtMidiInput(RtMidiIn in, MidiInputPipeline pipeline, String description, Mode mode)
            throws RtMidiException {
        this.in = in;
        this.pipeline = pipeline;
        this.description = description;
        in.ignoreTypes(true, false, true);
        if (mode == Mode.CALLBACK) {
            in.setCallback(pipeline);
            poller = null;
        } else {
            poller = NesjamThread.MIDI_IN.newThread(in.clientName(), this::pollLoop);
            poller.setDaemon(true);
            poller.setPriority(Thread.MAX_PRIORITY);
            poller.start();
        }
    }

    /** A virtual input port {@code portName} of client {@code clientName} (JACK: {@code clientName:portName}). */
    public static RtMidiInput openVirtual(RtMidiApi api, String clientName, String portName,
                                          MidiInputPipeline pipeline, Mode mode) throws RtMidiException {
        requireSafe(api, mode);
        RtMidiIn in = RtMidiIn.create(api, clientName, 4096);
        try {
            in.openVirtualPort(portName);
            return new RtMidiInput(in, pipeline,
                    "RtMidi " + api.shortName + " virtual input '" + portName + "' (client '" + clientName + "')", mode);
        } catch (RtMidiException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Connects to the existing source port that {@code wanted} names (see PortNames.pick). */
    public static RtMidiInput connect(RtMidiApi api, String clientName, String wanted,
                                      MidiInputPipeline pipeline, Mode mode) throws RtMidiException {
        requireSafe(api, mode);
        RtMidiIn in = RtMidiIn.create(api, clientName, 4096);
        try {
            String full = in.openPortByName(wanted, "in");
            return new RtMidiInput(in, pipeline, "RtMidi " + api.shortName + " input from '" + full + "'", mode);
        } catch (RtMidiException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Refuses {@link Mode#CALLBACK} with JACK (see the class comment), before any native object exists. */
    static void requireSafe(RtMidiApi api, Mode mode) throws RtMidiException {
        if (mode == Mode.CALLBACK && api == RtMidiApi.UNIX_JACK) {
            throw new RtMidiException("RtMidi's input callback is not used with JACK (on RtMidi 5.0 it repeats or"
                    + " loses events and can crash under load); use polling");
        }
    }

    private void pollLoop() {
        realtime = RealtimeThreads.trySetFifo(RealtimeThreads.MIDI_PRIORITY);
        byte[] scratch = new byte[1024];
        while (!closing) {
            int n;
            try {
                n = in.poll(pipeline, scratch, System.nanoTime());
            } catch (RtMidiException | RuntimeException e) {
                pollErrors.incrementAndGet();
                n = 0;
                if (closing) {
                    return;
                }
            }
            if (n == 0) {
                LockSupport.parkNanos(POLL_INTERVAL_NANOS);
            }
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public MidiInputPipeline pipeline() {
        return pipeline;
    }

    @Override
    public long deliveryErrors() {
        return in.callbackErrors() + pollErrors.get();
    }

    /** True when the poll thread got real-time scheduling (see {@link RealtimeThreads}). */
    public boolean pollThreadRealtime() {
        return realtime;
    }

    /** The RtMidi object (for its counters). */
    public RtMidiIn rtMidiIn() {
        return in;
    }

    /**
     * Stops delivery, frees RtMidi, then ends the notes this input left sounding (note-offs downstream, on the
     * calling thread, after delivery stopped), so closing or losing an input never leaves a stuck note.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        boolean stopped = true;
        if (poller != null) {
            try {
                poller.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped = !poller.isAlive();
        }
        in.close();
        if (stopped) {
            pipeline.releaseHeldNotes(System.nanoTime());
        }
    }
}
