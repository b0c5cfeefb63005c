package org.nesjam.app;

import java.util.concurrent.locks.LockSupport;
import org.nesjam.gen.jam.JamTimeline;
import org.nesjam.plugin.SlotRing;

/**
 * What the control page's piano roll shows, on its way from the threads that know it to the page's feed thread: a
 * lock-free multi-producer {@link SlotRing}. Producers: the MIDI input threads and the
 * control threads ({@link #player}: the player's notes), the generator's worker ({@link #planSink}: the model's
 * plan, before it sounds, and its rollbacks). None of them is the audio thread. Publishing never blocks and never
 * allocates: when the ring is full (the page feed stalled) the event is dropped and counted; the page only shows it.
 * Consumer: {@link #drain} [page-feed-thread].
 */
final class NoteFeed {
    /** Kinds of {@link Slot}. */
    static final int PLAYER = 0;
    static final int PLANNED = 1;
    static final int EPOCH = 2;

    /** One event: {@code kind}, its engine {@code sampleTime}, the packed MIDI message, the model's epoch. */
    static final class Slot {
        int kind;
        long sampleTime;
        int packedMidi;
        int epoch;
    }

    /** Receives drained events. [page-feed-thread] */
    @FunctionalInterface
    interface Sink {
        void accept(int kind, long sampleTime, int packedMidi, int epoch);
    }

    private final SlotRing<Slot> ring;
    private volatile Thread consumer;

    /** @param capacity slots, a power of two */
    NoteFeed(int capacity) {
        ring = SlotRing.multiProducer(Slot::new, capacity);
    }

    /**
     * [midi-in-thread, control-thread] A player's MIDI message that sounds at {@code sampleTime}; wakes the consumer,
     * so the note is on the page without waiting for the next display tick (a futex wake: never call this from the
     * audio thread).
     */
    void player(long sampleTime, int packedMidi) {
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
    JamTimeline.EventOut planSink() {
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
        long seq = ring.claim();
        if (seq < 0) {
            return;
        }
        Slot s = ring.slot(seq);
        s.kind = kind;
        s.sampleTime = sampleTime;
        s.packedMidi = packedMidi;
        s.epoch = epoch;
        ring.publish(seq);
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
