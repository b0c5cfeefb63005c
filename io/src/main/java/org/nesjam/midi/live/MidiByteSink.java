package org.nesjam.midi.live;

/**
 * Raw MIDI 1.0 bytes as a device delivers them (possibly partial messages, running status, sysex, realtime bytes
 * anywhere). [midi-in-thread] Implementations copy what they need before returning: {@code data} may be reused by the
 * caller right after the call.
 */
@FunctionalInterface
public interface MidiByteSink {

    /**
     * @param data the bytes; only {@code data[offset .. offset + length)} is valid
     * @param nanoTime arrival time of these bytes, {@link System#nanoTime()} units (ns)
     */
    void bytes(byte[] data, int offset, int length, long nanoTime);
}
