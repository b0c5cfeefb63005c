package org.nesjam.plugin;

/**
 * Optional plugin extension: the player's live MIDI as it arrives, before the audio thread hands it to
 * {@link Plugin#process} in its block. A generator whose worker reacts to the player (rollback, regeneration) can
 * start a period earlier this way, and wake its worker (which the audio thread may not do).
 * <p>
 * The rule: the host numbers every live input message once, where it enters (the engine's input ring), and every
 * copy of the message carries that number: this call's {@code inputSequence} and the block event's
 * {@link EventBuffer#inputSequence}. A plugin that gets both copies acts on each number once
 * ({@link InputCopies}). A message the host could not take (its input ring was full) comes here with
 * {@link EventBuffer#NO_SEQUENCE} and never in a block.
 * <p>
 * [midi-in-thread] Called on the thread that delivers the MIDI, possibly several such threads at once: wait-free,
 * allocation-free, never throws.
 */
public interface EarlyInput {
    /**
     * @param packedMidi    {@code status | data1 << 8 | data2 << 16}
     * @param sampleTime    the absolute sample time the host will play it at
     * @param inputSequence the host's number of this message, or {@link EventBuffer#NO_SEQUENCE}
     * @param arrivalNanos  when it arrived, {@link System#nanoTime()} units
     * @return false when the plugin did not take it (then only the block's copy reaches the plugin)
     */
    boolean earlyInput(int packedMidi, long sampleTime, long inputSequence, long arrivalNanos);
}
