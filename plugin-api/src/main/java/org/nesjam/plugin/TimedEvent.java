package org.nesjam.plugin;

/**
 * One event on its way between threads: the slot of a {@link SlotRing} that carries MIDI messages and parameter
 * changes (the engine's rings, a generator's rings to and from its worker, an {@link EventSchedule}). Each ring says
 * which fields it uses and what its {@link #kind}s mean; {@link #publish} sets them all, so nothing stale is left.
 * Mutable and reused: a consumer copies what it needs before its handler returns.
 */
public final class TimedEvent {
    /** What the event is; its ring defines the values (usually {@link EventBuffer#MIDI}, {@link EventBuffer#PARAM}). */
    public int kind;
    /** Absolute sample time at which it takes effect (or a ring's marker such as "now"). */
    public long sampleTime;
    /** A MIDI message, {@code status | data1 << 8 | data2 << 16}. */
    public int packedMidi;
    /** A parameter's id (or a ring's small integer argument). */
    public int paramId;
    /** A parameter's value (or a ring's number argument). */
    public double value;
    /** The epoch of the plan that made a scheduled event. */
    public int epoch;
    /** When a live event arrived, {@link System#nanoTime()} units. */
    public long arrivalNanos;
    /** The host's number of a live input message ({@link EventBuffer#inputSequence}). */
    public long inputSequence;

    /**
     * [producer] Claims a slot of {@code ring}, sets every field and publishes it: the slot's sequence, or -1 when
     * the ring was full (the event is dropped and counted in {@code ring.dropped()}). Allocation-free, never waits.
     */
    public static long publish(SlotRing<TimedEvent> ring, int kind, long sampleTime, int packedMidi, int paramId,
                               double value, int epoch, long arrivalNanos, long inputSequence) {
        long seq = ring.claim();
        if (seq >= 0) {
            ring.slot(seq).set(kind, sampleTime, packedMidi, paramId, value, epoch, arrivalNanos, inputSequence);
            ring.publish(seq);
        }
        return seq;
    }

    /** [producer, between claim and publish] Sets every field. */
    public void set(int kind, long sampleTime, int packedMidi, int paramId, double value, int epoch,
                    long arrivalNanos, long inputSequence) {
        this.kind = kind;
        this.sampleTime = sampleTime;
        this.packedMidi = packedMidi;
        this.paramId = paramId;
        this.value = value;
        this.epoch = epoch;
        this.arrivalNanos = arrivalNanos;
        this.inputSequence = inputSequence;
    }
}
