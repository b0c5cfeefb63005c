package org.nesjam.midi.live;

/**
 * Where parsed live MIDI goes: one complete message of at most 3 bytes, packed as
 * {@code status | data1 << 8 | data2 << 16} (the same packing as {@link org.nesjam.plugin.Midi#pack}), stamped with
 * the {@link System#nanoTime()} at which it arrived in this process.
 * <p>
 * [midi-in-thread] Called on the thread that delivers the bytes (RtMidi's input thread, which is JACK's real-time
 * thread with the JACK API, or a javax.sound.midi thread). Implementations must return quickly, must not block
 * and must not throw; the usual implementation {@code tryPublish}es into the engine's input ring and counts drops.
 */
@FunctionalInterface
public interface MidiReceiver {

    /**
     * @param packedMessage {@code status | data1 << 8 | data2 << 16}; unused data bytes are 0
     * @param nanoTime arrival time, {@link System#nanoTime()} units (ns)
     */
    void receive(int packedMessage, long nanoTime);

    /** What {@link #receive(int, long, long)} gets for a message its device did not stamp with a sample time. */
    long NO_SAMPLE_TIME = Long.MIN_VALUE;

    /**
     * A message its device stamped with the engine's sample time ({@code sampleTime}, or {@link #NO_SAMPLE_TIME}):
     * a JACK MIDI port knows the frame each event came at. By default the stamp is not used.
     */
    default void receive(int packedMessage, long nanoTime, long sampleTime) {
        receive(packedMessage, nanoTime);
    }
}
