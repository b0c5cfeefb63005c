package org.nesjam.nativebridge.midi;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackProcessCallback;
import org.jaudiolibs.jnajack.JackShutdownCallback;
import org.nesjam.audio.DeviceTimeline;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.midi.live.MidiReceiver;

/**
 * A {@link MidiInput} that is its own JACK client with one MIDI input port (as RtMidi's is: client
 * {@code CLIENT}, port {@code NAME}), used when the engine plays through JACK: each event is stamped with the
 * engine's sample time of the frame it came at ({@link DeviceTimeline}), plus one period
 * ({@link #latencyFrames()}), so the engine renders it in its next cycle at the same offset and a MIDI clock's
 * ticks keep their exact spacing (RtMidi's JACK input stamps the time its cycle ran, a period's jitter).
 * <p>
 * Threads: events reach the pipeline on JACK's process thread (through JNA, which allocates a few small objects
 * per callback; the pipeline and the engine's input ring allocate nothing). A cycle the server calls this client for
 * twice (seen on a dummy server in xruns: the same frame time and the same events) is delivered once. While the
 * timeline is unknown (the engine not running) events go on without a stamp, placed by their arrival. The shutdown
 * callback (server gone) marks the client dead, so {@link #close()} does not talk to a dead server.
 */
public final class JackMidiInput implements MidiInput, JackMidiClients.Port {
    /** Longest event delivered (longer ones, sysex, are counted in {@link #dropped()}). */
    public static final int MAX_EVENT_BYTES = 1024;

    private final JackClient client;
    private final JackPort port;
    private final MidiInputPipeline pipeline;
    private final DeviceTimeline timeline;
    private final String description;
    private final JackMidi.Event event = new JackMidi.Event();
    private final byte[] bytes = new byte[MAX_EVENT_BYTES];
    private final AtomicLong errors = new AtomicLong();
    /** The newest exception the process callback caught (for {@link #counts()}). */
    private volatile Throwable lastError;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong repeatedCycles = new AtomicLong();
    private final AtomicLong cutShortCycles = new AtomicLong();
    private final AtomicBoolean dead = new AtomicBoolean();
    private volatile int periodFrames;
    private volatile boolean closing;
    /** Counted down by the first process call. */
    private final CountDownLatch firstCycle = new CountDownLatch(1);
    /** The previous call's frame time and a digest of its events (to recognise a cycle run twice). [midi-in-thread] */
    private long lastCallFrame = -1;
    private long lastCallDigest;
    // held in fields: JNA must not lose them while JACK may call them
    private final JackProcessCallback processCallback = this::process;
    private final JackShutdownCallback shutdownCallback = c -> dead.set(true);

    private JackMidiInput(JackClient client, JackPort port, MidiInputPipeline pipeline, DeviceTimeline timeline,
                          String description) throws JackException {
        this.client = client;
        this.port = port;
        this.pipeline = pipeline;
        this.timeline = timeline;
        this.description = description;
        this.periodFrames = client.getBufferSize();
    }

    /**
     * A JACK client {@code clientName} (the server may append {@code -01}...) with MIDI input port {@code portName},
     * active; its events go to {@code pipeline}, stamped on {@code timeline}.
     */
    public static JackMidiInput openVirtual(String clientName, String portName, MidiInputPipeline pipeline,
                                            DeviceTimeline timeline) throws MidiDeviceException {
        String what = "JACK MIDI input '" + portName + "'";
        return JackMidiClients.openActive(clientName, what, client -> {
            JackPort port = client.registerPort(portName, JackPortType.MIDI, JackPortFlags.JackPortIsInput);
            JackMidiInput in = new JackMidiInput(client, port, pipeline, timeline, "JACK MIDI virtual input '"
                    + portName + "' (client '" + client.getName() + "', events on their frame)");
            client.setProcessCallback(in.processCallback);
            client.onShutdown(in.shutdownCallback);
            return in;
        });
    }

    @Override
    public CountDownLatch firstCycle() {
        return firstCycle;
    }

    /** [midi-in-thread] One cycle: every event to the pipeline, stamped. Catches everything. */
    private boolean process(JackClient c, int frames) {
        firstCycle.countDown(); // a volatile read once it is 0
        try {
            periodFrames = frames;
            if (closing) {
                return true;
            }
            long cycleFrame = c.getLastFrameTime();
            int n = JackMidi.getEventCount(port);
            long digest = n;
            for (int i = 0; i < n; i++) {
                JackMidi.eventGet(event, port, i);
                digest = digest * 31 + event.time() * 257L + event.size();
            }
            if (n > 0 && cycleFrame == lastCallFrame && digest == lastCallDigest) {
                repeatedCycles.incrementAndGet(); // the same cycle again: delivered already
                return true;
            }
            lastCallFrame = cycleFrame;
            lastCallDigest = digest;
            long nowNanos = System.nanoTime();
            for (int i = 0; i < n; i++) {
                JackMidi.eventGet(event, port, i);
                int size = event.size();
                if (size > bytes.length) {
                    dropped.incrementAndGet();
                    continue;
                }
                event.read(bytes);
                int offset = event.time();
                long sampleTime = timeline.sampleTimeOfFrame(cycleFrame + offset);
                // arrival in this process: now (the frame is in the stamp; a back-dated estimate could lie before
                // the sender's own clock reading)
                pipeline.bytes(bytes, 0, size, nowNanos,
                        sampleTime == DeviceTimeline.UNKNOWN ? MidiReceiver.NO_SAMPLE_TIME : sampleTime + frames);
            }
        } catch (JackException e) {
            // an event vanished while this cycle read it (jack_midi_event_get failed below the count): the upstream
            // client, late for its previous cycle in an xrun, cleared the buffer for its next one; what is left of
            // this cycle's events cannot be told from that one's
            cutShortCycles.incrementAndGet();
        } catch (Throwable t) {
            errors.incrementAndGet(); // never unwind into libjack
            lastError = t;
        }
        return true;
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
        return errors.get();
    }

    /** One period: a stamp lies that long after its event's frame. */
    @Override
    public int latencyFrames() {
        return periodFrames;
    }

    /** Events longer than {@link #MAX_EVENT_BYTES}, not delivered. */
    public long dropped() {
        return dropped.get();
    }

    /** Cycles the server ran this client for twice, delivered once. */
    public long repeatedCycles() {
        return repeatedCycles.get();
    }

    @Override
    public boolean onJack() {
        return true;
    }

    /**
     * Cycles whose events vanished while they were read (the upstream client cleared its buffer for its next cycle
     * after an xrun); the events not yet delivered are lost.
     */
    public long cutShortCycles() {
        return cutShortCycles.get();
    }

    @Override
    public String counts() {
        return repeatedCycles() + " cycles run twice left out, " + cutShortCycles() + " cut short by an xrun, "
                + dropped() + " events over " + MAX_EVENT_BYTES + " bytes dropped, " + deliveryErrors()
                + " delivery errors"
                + (lastError == null ? "" : " (last: " + lastError + ")");
    }

    /**
     * Stops delivery, closes the client (not when its server is gone: that call could block), then ends the notes
     * this input left sounding. Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!JackMidiClients.close(client, dead)) {
            errors.incrementAndGet();
        }
        pipeline.releaseHeldNotes(System.nanoTime());
    }
}
