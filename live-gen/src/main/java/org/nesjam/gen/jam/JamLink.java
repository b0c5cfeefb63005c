package org.nesjam.gen.jam;

import java.util.concurrent.atomic.AtomicLong;
import org.nesjam.plugin.EventSchedule;
import org.nesjam.plugin.SlotRing;
import org.nesjam.plugin.TimedEvent;

/**
 * The lock-free connection between the generator plugin ([audio-thread]) and its worker ([generator-thread]):
 * two {@link SlotRing}s and an {@link EventSchedule}, polled without waiting, plus a few published values.
 * <ul>
 *   <li>{@link #toWorker}: player MIDI and parameter changes, stamped with absolute sample times
 *   (producer: audio thread; consumer: worker).</li>
 *   <li>{@link #early}: the player's note-ons/offs straight from the MIDI input threads (multi-producer), stamped with
 *   the sample time the engine will give them, so a reaction starts before the next audio cycle; the same notes still
 *   come through {@link #toWorker} a cycle later, with the same input sequence number, and the worker acts on each
 *   number once ({@link org.nesjam.plugin.InputCopies}).</li>
 *   <li>{@link #schedule}: the model's scheduled events and rollbacks (producer: worker; consumer: audio thread).</li>
 *   <li>{@link #heardSampleTime}: events before it were emitted by the plugin (the playhead as the generator sees it);
 *   -1 before the first block. {@link #tempoBpm}, {@link #clockLocked}: the host transport.</li>
 *   <li>{@link #horizonSampleTime}, {@link #ackedMessages}: how far the worker has generated and how many
 *   toWorker messages it handled (offline rendering waits on them).</li>
 * </ul>
 */
final class JamLink {
    final SlotRing<TimedEvent> toWorker;
    final SlotRing<TimedEvent> early;
    final EventSchedule schedule;

    volatile long heardSampleTime = -1;
    volatile double tempoBpm = 120.0;
    volatile boolean clockLocked;
    // the host's beat grid (seqlock: odd while the audio thread writes it)
    private volatile long gridVersion;
    private double gridOriginSampleTime;
    private double gridSamplesPerBeat;

    /**
     * [audio-thread] Publishes the beat grid: beat k at engine time {@code originSampleTime + k * samplesPerBeat}.
     */
    void grid(double originSampleTime, double samplesPerBeat) {
        long v = gridVersion;
        gridVersion = v + 1;
        java.lang.invoke.VarHandle.storeStoreFence(); // the version is odd before the values change
        gridOriginSampleTime = originSampleTime;
        gridSamplesPerBeat = samplesPerBeat;
        gridVersion = v + 2;
    }

    /**
     * [generator-thread] Copies the latest beat grid into {@code timeline} ({@code snapsAhead}: the plugin moves
     * note-ons to the next grid point); false when none was published yet.
     */
    boolean copyGrid(JamTimeline timeline, boolean snapsAhead) {
        while (true) {
            long v = gridVersion;
            double origin = gridOriginSampleTime;
            double spb = gridSamplesPerBeat;
            java.lang.invoke.VarHandle.acquireFence(); // the plain reads complete before the version is checked
            if ((v & 1) == 0 && v == gridVersion) {
                if (v == 0) {
                    return false;
                }
                timeline.grid(origin, spb, snapsAhead);
                return true;
            }
            Thread.onSpinWait();
        }
    }

    /** Messages published to the worker (audio thread writes). */
    final AtomicLong forwardedMessages = new AtomicLong();
    /** Messages the worker handled completely (its rollbacks and regenerations published). */
    final AtomicLong ackedMessages = new AtomicLong();
    volatile double horizonSampleTime = Double.NEGATIVE_INFINITY;
    /** Worker failure (generation stopped), or null. */
    volatile Throwable failure;
    volatile boolean workerStopped;
    /** The worker's thread once it runs (the fast path wakes it), else null. */
    volatile Thread workerThread;
    JamLink(int toWorkerSize, int toAudioSize, int pendingCapacity) {
        toWorker = SlotRing.singleProducer(TimedEvent::new, toWorkerSize);
        early = SlotRing.multiProducer(TimedEvent::new, toWorkerSize);
        schedule = new EventSchedule(toAudioSize, pendingCapacity);
    }

    /**
     * [audio-thread] Forward a player MIDI message or a parameter change; false when the ring is full (counted in
     * {@code toWorker.dropped()}).
     */
    boolean toWorker(int kind, long sampleTime, int packedMidi, int paramId, double value, long arrivalNanos,
                     long inputSequence) {
        if (TimedEvent.publish(toWorker, kind, sampleTime, packedMidi, paramId, value, 0, arrivalNanos,
                inputSequence) < 0) {
            return false;
        }
        forwardedMessages.lazySet(forwardedMessages.get() + 1);
        return true;
    }

    /**
     * [midi-in-thread, any number of them] A player's note-on/off that arrived at {@code arrivalNanos} and will sound
     * at {@code sampleTime}; false (and nothing else happens) when the ring is full: the audio thread's copy then does
     * the work, a cycle later. Wakes the worker if it is parked (a futex wake: not for the audio thread, which
     * never calls this), so a reaction does not wait out the worker's idle park.
     */
    boolean early(long sampleTime, int packedMidi, long inputSequence, long arrivalNanos) {
        if (TimedEvent.publish(early, JamMessage.MIDI, sampleTime, packedMidi, 0, 0.0, 0, arrivalNanos,
                inputSequence) < 0) {
            return false;
        }
        Thread w = workerThread;
        if (w != null) {
            java.util.concurrent.locks.LockSupport.unpark(w);
        }
        return true;
    }
}
