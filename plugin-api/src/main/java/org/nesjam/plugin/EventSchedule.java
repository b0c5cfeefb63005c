package org.nesjam.plugin;

import java.util.concurrent.locks.LockSupport;

/**
 * Scheduled events with rollback, for a generator plugin whose worker thread plans ahead of the playhead: the worker
 * {@link #schedule schedules} MIDI events at absolute sample times, each tagged with the epoch of the plan that made
 * it, and when the plan changes (the player played at {@code t}) it {@link #rollback rolls back}: from then on the
 * epoch is {@code e + 1}, and every event of an older epoch at or after {@code t} is dropped, whether it already
 * waits on the audio thread or is still in the ring. The player's own notes never pass through here, so a rollback
 * never drops them.
 * <p>
 * In {@code process} the plugin first {@link #receive receives} what the worker published (rollbacks applied, in
 * order), then emits the events of {@link #pending()} that fall in the block (earliest first:
 * {@code peekSampleTime}, {@code peekMidi}, {@code removeTop}). The same code runs live and offline, since nothing
 * here depends on a real-time engine.
 * <p>
 * Sample times are the host's absolute sample frames ({@code ProcessBlock.sampleTime + blockOffset}). Epochs start
 * at 0 and only grow.
 * <p>
 * Threads: {@link #schedule} and {@link #rollback} on one producer thread (the plugin's worker, [generator-thread]);
 * {@link #receive}, {@link #pending()} and the counters on the [audio-thread]; {@link #close} on any thread. The
 * audio thread's side allocates nothing, takes no lock and never waits; the producer waits (parked, 0.2 ms at a
 * time) while the ring is full, until the audio thread has drained it or the schedule is closed.
 */
public final class EventSchedule {
    /** What {@link #receive} tells the plugin about a rollback. [audio-thread] */
    @FunctionalInterface
    public interface RollbackListener {
        /**
         * The epoch is now {@code epoch}; the pending events of older epochs at or after {@code fromSampleTime} are
         * gone. A plugin ends here what it already emitted of the old plan after that time (e.g. a sounding note).
         */
        void rolledBack(int epoch, long fromSampleTime);
    }

    private static final int EVENT = 1;
    private static final int ROLLBACK = 2;
    private static final long FULL_PARK_NANOS = 200_000L;

    /** The ring: {@link #EVENT}s ({@code sampleTime}, {@code packedMidi}, {@code epoch}) and {@link #ROLLBACK}s. */
    private final SlotRing<TimedEvent> ring;
    private final PendingEvents pending;
    private final SlotRing.Handler<TimedEvent> handler = this::take;
    private volatile boolean closed;

    // [generator-thread]
    private long scheduled;

    // [audio-thread]
    private RollbackListener listener;
    private int epochFloor;
    private long dropFromSampleTime = Long.MAX_VALUE;
    private long rolledBackEvents;
    private long pendingOverflow;

    /**
     * @param ringSize        slots between the worker and the audio thread, a power of two
     * @param pendingCapacity future events the audio thread can hold
     */
    public EventSchedule(int ringSize, int pendingCapacity) {
        ring = SlotRing.singleProducer(TimedEvent::new, ringSize);
        pending = new PendingEvents(pendingCapacity);
    }

    // ------------------------------------------------------------------ producer [generator-thread]

    /**
     * A MIDI event ({@code status | data1 << 8 | data2 << 16}) at {@code sampleTime}, from the plan of
     * {@code epoch}. Waits while the ring is full; false (nothing published) once {@link #close closed}.
     */
    public boolean schedule(long sampleTime, int packedMidi, int epoch) {
        if (!publish(EVENT, sampleTime, packedMidi, epoch)) {
            return false;
        }
        scheduled++;
        return true;
    }

    /**
     * From now on the epoch is {@code newEpoch}: drop every event of an older epoch at or after
     * {@code fromSampleTime}. Ordered with this thread's {@link #schedule} calls. A {@code newEpoch} not above the
     * current one is ignored. Waits while the ring is full; false once closed.
     */
    public boolean rollback(int newEpoch, long fromSampleTime) {
        return publish(ROLLBACK, fromSampleTime, 0, newEpoch);
    }

    /** [generator-thread] Events this thread has scheduled so far. */
    public long scheduledCount() {
        return scheduled;
    }

    private boolean publish(int kind, long sampleTime, int packedMidi, int epoch) {
        long seq;
        while ((seq = ring.tryClaim()) < 0) {
            if (closed) {
                return false;
            }
            LockSupport.parkNanos(FULL_PARK_NANOS);
        }
        ring.slot(seq).set(kind, sampleTime, packedMidi, 0, 0.0, epoch, 0, EventBuffer.NO_SEQUENCE);
        ring.publish(seq);
        return true;
    }

    /** [any-thread] A producer waiting on a full ring gives up, and later calls publish nothing. */
    public void close() {
        closed = true;
    }

    // ------------------------------------------------------------------ consumer [audio-thread]

    /**
     * Moves every event the worker published into {@link #pending()} and applies its rollbacks, in the order they
     * were published; tells {@code onRollback} (null: nobody) of each rollback. An event of an epoch older than
     * the current one at or after that rollback's time is dropped on arrival.
     */
    public void receive(RollbackListener onRollback) {
        listener = onRollback;
        ring.poll(handler);
        listener = null;
    }

    private boolean take(TimedEvent s, long sequence) {
        if (s.kind == ROLLBACK) {
            if (s.epoch > epochFloor) {
                epochFloor = s.epoch;
                dropFromSampleTime = s.sampleTime;
                rolledBackEvents += pending.dropEpochsBefore(epochFloor, dropFromSampleTime);
                if (listener != null) {
                    listener.rolledBack(epochFloor, dropFromSampleTime);
                }
            }
        } else if (s.epoch < epochFloor && s.sampleTime >= dropFromSampleTime) {
            rolledBackEvents++;
        } else if (!pending.addMidi(s.sampleTime, s.packedMidi, s.epoch)) {
            pendingOverflow++;
        }
        return true;
    }

    /** The received events not yet emitted, earliest first; the plugin may also add its own (e.g. moved ones). */
    public PendingEvents pending() {
        return pending;
    }

    /** The current epoch: the newest rollback's (0 before any). */
    public int epoch() {
        return epochFloor;
    }

    /** Events dropped by rollbacks, waiting or on arrival. */
    public long rolledBackEvents() {
        return rolledBackEvents;
    }

    /** Received events lost because {@link #pending()} was full. */
    public long pendingOverflow() {
        return pendingOverflow;
    }
}
