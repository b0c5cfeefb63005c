package org.nesjam.midi.live;

/**
 * A MIDI 1.0 byte-stream parser: turns arbitrary bytes into complete packed messages for a {@link MidiReceiver}.
 * <p>
 * What it does with every kind of input (MIDI 1.0 Detailed Specification, "Data Format" and "System Real Time
 * Messages"):
 * <ul>
 *   <li>Channel messages (0x80..0xEF) with their 1 or 2 data bytes; <b>running status</b>: further data bytes
 *   reuse the last channel status.</li>
 *   <li>System real-time bytes (0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF) are delivered at once, wherever they appear
 *   (between the bytes of a message or inside sysex), and leave running status and any partial message alone.
 *   Undefined real-time bytes 0xF9 and 0xFD are discarded.</li>
 *   <li>System common messages (0xF1, 0xF2, 0xF3, 0xF6) are delivered and cancel running status; undefined
 *   0xF4/0xF5 and a stray 0xF7 are discarded and cancel running status.</li>
 *   <li>System exclusive (0xF0 ... 0xF7, any length) is <b>counted and discarded</b> without being stored, so
 *   memory stays constant whatever arrives; it ends at 0xF7 or at any other status byte.</li>
 *   <li>A message cut short by a new status byte is dropped (counted as truncated), except a note-off that already
 *   has its key: it is delivered with velocity 0, so a cut note-off never leaves a note stuck. Data bytes with no
 *   status to apply to are dropped (counted as discarded).</li>
 * </ul>
 * Delivered messages are packed {@code status | data1 << 8 | data2 << 16}. Note-on with velocity 0 is passed on
 * unchanged (receivers treat it as note-off, as MIDI says).
 * <p>
 * Threads and cost: [midi-in-thread] one parser per source, used by one thread at a time. It allocates nothing and
 * takes no lock, so it may run on a real-time thread. The counters are plain fields: exact on the parsing thread,
 * approximate (but never torn on 64-bit JVMs) when read elsewhere.
 */
public final class MidiStreamParser implements MidiByteSink {
    private final MidiReceiver receiver;

    /** Status that data bytes currently apply to (running status or a system common status), or 0 for none. */
    private int status;
    /** Data bytes that complete a message of {@link #status}. */
    private int expected;
    /** Data bytes received so far for the current message (0, 1). */
    private int received;
    private int data1;
    private boolean inSysex;

    private long messages;
    private long realtimeMessages;
    private long truncatedMessages;
    private long discardedBytes;
    private long sysexMessages;
    private long sysexBytes;

    /** @param receiver gets every complete message; called on the parsing thread */
    public MidiStreamParser(MidiReceiver receiver) {
        if (receiver == null) {
            throw new IllegalArgumentException("receiver is null");
        }
        this.receiver = receiver;
    }

    @Override
    public void bytes(byte[] data, int offset, int length, long nanoTime) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            accept(data[i] & 0xFF, nanoTime);
        }
    }

    /** Parses one byte ({@code 0..255}; higher bits are ignored). */
    public void accept(int b, long nanoTime) {
        b &= 0xFF;
        if (b >= 0xF8) {
            realtime(b, nanoTime);
            return;
        }
        if (b >= 0x80) {
            statusByte(b, nanoTime);
            return;
        }
        if (inSysex) {
            sysexBytes++;
            return;
        }
        if (status == 0) {
            discardedBytes++;
            return;
        }
        if (received == 0) {
            if (expected == 1) {
                deliver(status | b << 8, nanoTime);
                endOfMessage();
            } else {
                data1 = b;
                received = 1;
            }
        } else {
            deliver(status | data1 << 8 | b << 16, nanoTime);
            received = 0;
            endOfMessage();
        }
    }

    private void realtime(int b, long nanoTime) {
        if (b == 0xF9 || b == 0xFD) {
            discardedBytes++;
            return;
        }
        realtimeMessages++;
        receiver.receive(b, nanoTime);
    }

    private void statusByte(int b, long nanoTime) {
        if (inSysex) {
            inSysex = false;
            sysexMessages++;
            if (b == 0xF7) {
                sysexBytes++;
                return;
            }
        }
        if (received > 0) {
            truncatedMessages++;
            received = 0;
            if ((status & 0xF0) == 0x80) {
                // a note-off cut short after its key still releases that key (velocity 0): never a stuck note
                deliver(status | data1 << 8, nanoTime);
            }
        }
        if (b < 0xF0) {
            status = b;
            expected = (b & 0xF0) == 0xC0 || (b & 0xF0) == 0xD0 ? 1 : 2;
            return;
        }
        status = 0;
        switch (b) {
            case 0xF0:
                inSysex = true;
                sysexBytes++;
                break;
            case 0xF1: case 0xF3:
                status = b;
                expected = 1;
                break;
            case 0xF2:
                status = b;
                expected = 2;
                break;
            case 0xF6:
                deliver(b, nanoTime);
                break;
            default: // 0xF4, 0xF5 undefined; 0xF7 without a sysex
                discardedBytes++;
                break;
        }
    }

    /** Running status survives channel messages only; system common messages cancel it. */
    private void endOfMessage() {
        if (status >= 0xF0) {
            status = 0;
        }
    }

    private void deliver(int packed, long nanoTime) {
        messages++;
        receiver.receive(packed, nanoTime);
    }

    /** Forget any partial message, running status and sysex in progress (e.g. after a device reconnects). */
    public void reset() {
        status = 0;
        received = 0;
        inSysex = false;
    }

    /** Channel and system common messages delivered. */
    public long messages() {
        return messages;
    }

    /** System real-time messages delivered (clock, start, stop, continue, active sensing, reset). */
    public long realtimeMessages() {
        return realtimeMessages;
    }

    /** Messages dropped because a status byte arrived before their last data byte. */
    public long truncatedMessages() {
        return truncatedMessages;
    }

    /** Bytes dropped: data bytes without a status, undefined status bytes, stray 0xF7. */
    public long discardedBytes() {
        return discardedBytes;
    }

    /** System exclusive messages seen (and discarded). */
    public long sysexMessages() {
        return sysexMessages;
    }

    /** Bytes of system exclusive seen (and discarded), framing included. */
    public long sysexBytes() {
        return sysexBytes;
    }
}
