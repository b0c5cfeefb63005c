package org.nesjam.app.live;

import java.util.concurrent.locks.LockSupport;
import org.nesjam.gen.jam.JamTimeline;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.SlotRing;
import org.nesjam.plugin.TimedEvent;

/**
 * What the control page's piano roll shows, on its way from the threads that know it to the page's feed thread: a
 * lock-free multi-producer {@link SlotRing}. Producers: the MIDI input threads and the
 * control threads ({@link #player}: the player's notes), the generator's worker ({@link #planSink}: the model's
 * plan, before it sounds, and its rollbacks). None of them is the audio thread. Publishing never blocks and never
 * allocates: when the ring is full (the page feed stalled) the event is dropped and counted; the page only shows it.
 * Consumer: {@link #drain} [page-feed-thread].
 */
public final class NoteFeed {
    /** Kinds of the ring's events ({@code kind}, {@code sampleTime}, {@code packedMidi}, {@code epoch}). */
    static final int PLAYER = 0;
    static final int PLANNED = 1;
    static final int EPOCH = 2;

    /** Receives drained events. [page-feed-thread] */
    @FunctionalInterface
    interface Sink {
        void accept(int kind, long sampleTime, int packedMidi, int epoch);
    }

    private final SlotRing<TimedEvent> ring;
    private volatile Thread consumer;

    /** @param capacity slots, a power of two */
    public NoteFeed(int capacity) {
        ring = SlotRing.multiProducer(TimedEvent::new, capacity);
    }

    /**
     * [midi-in-thread, control-thread] A player's MIDI message that sounds at {@code sampleTime}; wakes the consumer,
     * so the note is on the page without waiting for the next display tick (a futex wake: never call this from the
     * audio thread).
     */
    public void player(long sampleTime, int packedMidi) {
        publish(PLAYER, sampleTime, packedMidi, 0);
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /** The thread that {@link #player} wakes (the page feed's), or null. */
    void wakeOnPlayer(Thread consumerThread) {
        consumer = consumerThread;
    }

    /** The generator's plan sink ({@code JamPlugin.setPlanSink}), [generator-thread]. */
    public JamTimeline.EventOut planSink() {
        return new JamTimeline.EventOut() {
            @Override
            public void epoch(int epoch, long fromSampleTime) {
                publish(EPOCH, fromSampleTime, 0, epoch);
            }

            @Override
            public void event(long sampleTime, int packedMidi, int epoch) {
                publish(PLANNED, sampleTime, packedMidi, epoch);
            }
        };
    }

    private void publish(int kind, long sampleTime, int packedMidi, int epoch) {
        TimedEvent.publish(ring, kind, sampleTime, packedMidi, 0, 0.0, epoch, 0, EventBuffer.NO_SEQUENCE);
    }

    /** Hands every event published so far to {@code sink}, oldest first. [page-feed-thread] */
    void drain(Sink sink) {
        ring.poll((s, seq) -> {
            sink.accept(s.kind, s.sampleTime, s.packedMidi, s.epoch);
            return true;
        });
    }

    /** Events dropped because the ring was full. [any-thread] */
    long dropped() {
        return ring.dropped();
    }
}
