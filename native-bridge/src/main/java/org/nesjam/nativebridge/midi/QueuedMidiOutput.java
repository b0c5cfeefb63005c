package org.nesjam.nativebridge.midi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.plugin.SlotRing;
import org.nesjam.threads.NesjamThread;

/**
 * A {@link MidiOutput} whose {@link #trySend} claims a slot of a multi-producer {@link SlotRing} without waiting
 * and whose sender thread drains the ring, calling {@link #deliver} for each message. When idle the sender parks for
 * {@link #IDLE_PARK_NANOS} (adds at most that to the latency; JACK emits at the next cycle anyway).
 * <p>
 * Why a thread: a device send can block (RtMidi busy-waits while its JACK queue is full, e.g. after the server
 * died); only this thread then stalls, never a caller.
 */
public abstract class QueuedMidiOutput implements MidiOutput {
    /** Longest idle sleep of the sender thread. */
    public static final long IDLE_PARK_NANOS = 200_000L;

    /** One queued message. */
    private static final class Slot {
        int packed;
    }

    private final SlotRing<Slot> ring;
    private final SlotRing.Handler<Slot> handler;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile String lastError;

    /**
     * @param port names the sender thread: {@link NesjamThread#MIDI_OUT}'s {@code nesjam-midi-out-PORT}
     * @param capacity queue length (rounded up to a power of two)
     */
    protected QueuedMidiOutput(String port, int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        ring = SlotRing.multiProducer(Slot::new, size);
        handler = (event, sequence) -> {
            try {
                deliver(event.packed);
                sent.incrementAndGet();
            } catch (Exception | Error e) {
                dropped.incrementAndGet();
                lastError = String.valueOf(e.getMessage());
            }
            return true;
        };
        sender = NesjamThread.MIDI_OUT.newThread(port, this::run);
        sender.setDaemon(true);
    }

    /** Starts the sender thread; call once the device is open (end of the subclass constructor or factory). */
    protected final void startSender() {
        sender.start();
    }

    /** [midi-out-thread] Hand one message to the device. May block; may throw (counted as dropped). */
    protected abstract void deliver(int packedMessage) throws Exception;

    /** [main-thread] Release the device, after the sender stopped (or gave up). */
    protected abstract void closeDevice();

    @Override
    public final boolean trySend(int packedMessage) {
        int status = packedMessage & 0xFF;
        if (closing || status < 0x80 || status == 0xF0 || status == 0xF7) {
            dropped.incrementAndGet();
            return false;
        }
        long seq = ring.tryClaim();
        if (seq < 0) {
            dropped.incrementAndGet();
            return false;
        }
        ring.slot(seq).packed = packedMessage;
        ring.publish(seq);
        return true;
    }

    private void run() {
        while (true) {
            boolean took;
            try {
                took = ring.poll(handler);
            } catch (RuntimeException e) {
                lastError = String.valueOf(e.getMessage());
                took = false;
            }
            if (!took) {
                if (closing) {
                    return;
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    @Override
    public long sent() {
        return sent.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    /** The last device error (one line), or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closing = true;
        try {
            sender.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        if (sender.isAlive()) {
            // stuck inside the device (e.g. RtMidi busy-waiting on a dead JACK server): leave it, never hang here
            lastError = "sender thread stuck in the device; left behind";
            return;
        }
        closeDevice();
    }
}
