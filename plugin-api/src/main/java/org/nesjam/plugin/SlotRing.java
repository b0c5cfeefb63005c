package org.nesjam.plugin;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A ring of preallocated, reused slots from producer threads to one consumer thread (an LMAX Disruptor
 * {@link RingBuffer} that nobody ever waits on): a producer {@link #claim claims} a slot, fills its fields and
 * {@link #publish publishes} it; when the ring is full the claim fails and is counted in {@link #dropped()}, and the
 * producer drops its message (or, with {@link #tryClaim}, decides itself, e.g. to retry). The consumer
 * {@link #poll polls} what was published, oldest first. The one way nesjam hands small messages between threads
 * without locks.
 * <pre>{@code
 * long seq = ring.claim();
 * if (seq < 0) return false;       // full: dropped and counted
 * Slot s = ring.slot(seq);
 * s.x = x;
 * ring.publish(seq);               // visible to the consumer from here on
 * }</pre>
 * Threads: {@code claim}/{@code slot}/{@code publish} on the producers' threads (any number for
 * {@link #multiProducer}, one for {@link #singleProducer}), the audio thread included; {@code poll} on one consumer
 * thread. Nothing here allocates, locks or waits after construction.
 *
 * @param <E> the slot type; a slot's fields belong to the producer from claim to publish, then to the consumer
 *            until its handler returns
 */
public final class SlotRing<E> {
    /** Receives published slots in {@link #poll}. [the consumer's thread] */
    @FunctionalInterface
    public interface Handler<E> {
        /**
         * @param slot     the published slot; copy what you need, it is reused
         * @param sequence the slot's sequence number: unique and increasing over the ring's life
         * @return true to go on with the next slot, false to leave the rest for the next poll
         */
        boolean take(E slot, long sequence);
    }

    private final RingBuffer<E> ring;
    private final EventPoller<E> poller;
    private final AtomicLong dropped = new AtomicLong();
    private Handler<E> current;
    private final EventPoller.Handler<E> adapter = (slot, sequence, endOfBatch) -> current.take(slot, sequence);

    private SlotRing(RingBuffer<E> ring) {
        this.ring = ring;
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    /** A ring any number of threads publish into. {@code size}: slots, a power of two. */
    public static <E> SlotRing<E> multiProducer(Supplier<E> newSlot, int size) {
        return new SlotRing<>(RingBuffer.createMultiProducer(newSlot::get, size, new BusySpinWaitStrategy()));
    }

    /** A ring exactly one thread publishes into (cheaper claims). {@code size}: slots, a power of two. */
    public static <E> SlotRing<E> singleProducer(Supplier<E> newSlot, int size) {
        return new SlotRing<>(RingBuffer.createSingleProducer(newSlot::get, size, new BusySpinWaitStrategy()));
    }

    /** [producer] Claims the next slot: its sequence, or -1 when the ring is full (counted in {@link #dropped()}). */
    public long claim() {
        long seq = tryClaim();
        if (seq < 0) {
            dropped.incrementAndGet();
        }
        return seq;
    }

    /** [producer] Claims the next slot: its sequence, or -1 when the ring is full (not counted: retry or count). */
    public long tryClaim() {
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) { // a preallocated singleton: no allocation
            return -1;
        }
    }

    /** [producer, between claim and publish] The slot of claimed {@code sequence}, to fill. */
    public E slot(long sequence) {
        return ring.get(sequence);
    }

    /** [producer] Hands the filled slot of {@code sequence} to the consumer. */
    public void publish(long sequence) {
        ring.publish(sequence);
    }

    /**
     * [consumer] Hands every slot published so far to {@code handler}, oldest first, until it returns false.
     * Exceptions of the handler propagate (the slot it threw on counts as consumed). Returns true when it took at
     * least one slot (false: nothing was published; a consumer thread may nap).
     */
    public boolean poll(Handler<E> handler) {
        current = handler;
        try {
            return poller.poll(adapter) == EventPoller.PollState.PROCESSING;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // unreachable: Handler throws no checked exception
        } finally {
            current = null;
        }
    }

    /** [any-thread] Claims that failed because the ring was full ({@link #claim} only). */
    public long dropped() {
        return dropped.get();
    }

    /** [any-thread] Counts a message the producer dropped for a reason of its own (e.g. after {@link #tryClaim}). */
    public void countDropped() {
        dropped.incrementAndGet();
    }
}
