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
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.SlotRing;

/**
 * A {@link MidiOutput} that is its own JACK client with one MIDI output port (as RtMidi's is: client
 * {@code CLIENT}, port {@code NAME}), used when the engine plays through JACK: a message given with its engine time
 * ({@link #trySendAt}) leaves at that time's JACK frame ({@link DeviceTimeline}) plus one period
 * ({@link #latencyFrames()}). The engine renders a cycle's events during that cycle, so one period later every one of
 * them is in this client's queue however the server orders the two clients; the delay is constant and a MIDI
 * clock's grid survives it (RtMidi's JACK output sends each message at the start of the next cycle it gets to).
 * Messages without a time ({@link #trySend}) leave at the start of the next cycle. Note-ons not yet gone can be
 * taken back ({@link #retractNoteOnsFrom}: the host stopped or started over).
 * <p>
 * Threads: {@link #trySendAt} [any-thread, real-time safe: a slot of a multi-producer ring, no allocation, never
 * blocks]; the ring is drained on JACK's process thread into a {@link FrameQueue} of {@link #PENDING} messages in
 * time order, and the due ones are written at their offsets. A message whose frame passed (the server skipped this
 * client's cycle) leaves at the start of the cycle, counted in {@link #late()}; a cycle the server runs this client
 * for twice gets the same messages twice.
 */
public final class JackMidiOutput implements MidiOutput, JackMidiClients.Port {
    /** Queue between the callers and JACK's thread; messages waiting for their frame. */
    public static final int QUEUE = 4096;
    public static final int PENDING = 1024;
    /** Longest wait of {@link #close()} for queued messages to leave. */
    public static final long CLOSE_WAIT_MILLIS = 250;
    private static final long NOW = Long.MIN_VALUE;
    /** A ring slot that is no message: {@link #retractNoteOnsFrom} (0 is no MIDI status). */
    private static final int RETRACT = 0;

    private static final class Slot {
        int packed;
        long sampleTime;
    }

    private final JackClient client;
    private final JackPort port;
    private final DeviceTimeline timeline;
    private final String description;
    private final SlotRing<Slot> ring = SlotRing.multiProducer(Slot::new, QUEUE);
    /** Messages waiting for their frame. [midi-out-thread] */
    private final FrameQueue queue = new FrameQueue(PENDING);
    private final byte[] bytes = new byte[3];
    private final FrameQueue.Sink sink = this::write;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean dead = new AtomicBoolean();
    private volatile int periodFrames;
    private volatile boolean closing;
    /** Counted down by the first process call. */
    private final CountDownLatch firstCycle = new CountDownLatch(1);
    /** Messages put in the ring, and taken out of it on JACK's thread. */
    private final AtomicLong accepted = new AtomicLong();
    private volatile long taken;
    /** Nothing was waiting at the end of the last cycle. */
    private volatile boolean idle = true;
    private final SlotRing.Handler<Slot> take = (slot, sequence) -> {
        if (slot.packed == RETRACT) {
            retract(slot.sampleTime);
        } else {
            queue(slot.packed, slot.sampleTime);
        }
        taken++;
        return true;
    };
    // held in fields: JNA must not lose them while JACK may call them
    private final JackProcessCallback processCallback = this::process;
    private final JackShutdownCallback shutdownCallback = c -> dead.set(true);

    private JackMidiOutput(JackClient client, JackPort port, DeviceTimeline timeline, String description)
            throws JackException {
        this.client = client;
        this.port = port;
        this.timeline = timeline;
        this.description = description;
        this.periodFrames = client.getBufferSize();
    }

    /** A JACK client {@code clientName} (the server may append {@code -01}...) with MIDI output {@code portName}. */
    public static JackMidiOutput openVirtual(String clientName, String portName, DeviceTimeline timeline)
            throws MidiDeviceException {
        String what = "JACK MIDI output '" + portName + "'";
        return JackMidiClients.openActive(clientName, what, client -> {
            JackPort port = client.registerPort(portName, JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
            JackMidiOutput out = new JackMidiOutput(client, port, timeline, "JACK MIDI virtual output '" + portName
                    + "' (client '" + client.getName() + "', events on their frame)");
            client.setProcessCallback(out.processCallback);
            client.onShutdown(out.shutdownCallback);
            return out;
        });
    }

    @Override
    public CountDownLatch firstCycle() {
        return firstCycle;
    }

    @Override
    public boolean trySend(int packedMessage) {
        return trySendAt(packedMessage, NOW);
    }

    /** Through the ring, so it applies after the messages queued before it and before those queued after it. */
    @Override
    public void retractNoteOnsFrom(long sampleTime) {
        offer(RETRACT, sampleTime);
    }

    @Override
    public boolean trySendAt(int packedMessage, long sampleTime) {
        int status = packedMessage & 0xFF;
        if (closing || status < 0x80 || status == 0xF0 || status == 0xF7) {
            dropped.incrementAndGet();
            return false;
        }
        return offer(packedMessage, sampleTime);
    }

    /** [any-thread, real-time safe] One ring slot for JACK's thread; false (counted as dropped) when full. */
    private boolean offer(int packed, long sampleTime) {
        long seq = ring.tryClaim();
        if (seq < 0) {
            dropped.incrementAndGet();
            return false;
        }
        Slot s = ring.slot(seq);
        s.packed = packed;
        s.sampleTime = sampleTime;
        ring.publish(seq);
        accepted.incrementAndGet();
        return true;
    }

    /** One period: a message leaves that long after its engine time. */
    @Override
    public int latencyFrames() {
        return periodFrames;
    }

    /** [midi-out-thread] One cycle: take the queue, write what is due. Catches everything. */
    private boolean process(JackClient c, int frames) {
        firstCycle.countDown(); // a volatile read once it is 0
        try {
            periodFrames = frames;
            JackMidi.clearBuffer(port);
            long frameTime = c.getLastFrameTime();
            ring.poll(take);
            queue.cycle(frameTime, frames, sink);
            idle = queue.idle();
        } catch (Throwable t) {
            dropped.incrementAndGet(); // never unwind into libjack
        }
        return true;
    }

    /** [midi-out-thread] Files one message by its frame: its time's frame plus a period, or the next cycle's start. */
    private void queue(int packed, long sampleTime) {
        long frame = sampleTime == NOW ? -1 : timeline.frameOfSampleTime(sampleTime);
        queue.add(frame < 0 ? queue.cycleFrame() + queue.cycleFrames() : frame + queue.cycleFrames(), packed);
    }

    /** [midi-out-thread] Drops the pending note-ons due at {@code sampleTime}'s frame (plus the period) or later. */
    private void retract(long sampleTime) {
        long from = timeline.frameOfSampleTime(sampleTime);
        if (from >= 0) {
            queue.retractNoteOnsFrom(from + queue.cycleFrames());
        }
    }

    /** [midi-out-thread] One message into this cycle's port buffer; false when it is full. */
    private boolean write(int offset, int packed) {
        int status = packed & 0xFF;
        int size = Midi.dataLength(status) + 1;
        bytes[0] = (byte) status;
        bytes[1] = (byte) ((packed >>> 8) & 0x7F);
        bytes[2] = (byte) ((packed >>> 16) & 0x7F);
        try {
            JackMidi.eventWrite(port, offset, bytes, size);
            return true;
        } catch (JackException full) {
            return false;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long sent() {
        return queue.sent();
    }

    @Override
    public long dropped() {
        return dropped.get() + queue.dropped();
    }

    /** Note-ons taken back before they left ({@link #retractNoteOnsFrom}). */
    public long retracted() {
        return queue.retracted();
    }

    /** Messages that left after their frame (the server skipped this client's cycle). */
    public long late() {
        return queue.late();
    }

    @Override
    public boolean onJack() {
        return true;
    }

    @Override
    public String counts() {
        return sent() + " sent (" + late() + " after their frame), " + retracted() + " note-ons taken back, "
                + dropped() + " dropped, " + queue.repeatedCycles() + " cycles run twice (" + queue.rewrittenCycles()
                + " written again)";
    }

    /**
     * Refuses new messages, lets the queued ones leave (up to {@link #CLOSE_WAIT_MILLIS}: the last note-offs), then
     * closes the client (not when its server is gone: that call could block). Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        long until = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000L;
        while (!dead.get() && (!idle || taken < accepted.get()) && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        if (!JackMidiClients.close(client, dead)) {
            dropped.incrementAndGet();
        }
    }
}
