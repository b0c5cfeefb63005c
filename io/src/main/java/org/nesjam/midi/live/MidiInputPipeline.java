package org.nesjam.midi.live;

/**
 * What one MIDI input runs its bytes through: {@link MidiStreamParser} -> clock and transport messages to a
 * {@link MidiClock}, active sensing (0xFE) dropped, everything else (channel messages, song select, tune request,
 * system reset 0xFF) to the downstream {@link MidiReceiver} (normally the engine's input ring). It remembers which
 * notes it started, so that {@link #releaseHeldNotes} can end them when the input goes away.
 * <p>
 * [midi-in-thread] One pipeline per input device (it holds the parser's running-status state); allocation-free and
 * lock-free, so it may run on JACK's real-time thread. The clock may be shared by several pipelines only if at most
 * one of them carries clock.
 */
public final class MidiInputPipeline implements MidiByteSink, MidiReceiver {
    private final MidiStreamParser parser;
    private final MidiReceiver downstream;
    private final MidiClock clock;
    private final boolean forwardClock;
    private volatile long forwarded;
    private volatile long lastArrivalNanos;
    /** Held notes, one bit per (channel, key): channel * 128 + key. [midi-in-thread] */
    private final long[] held = new long[16 * 128 / 64];

    /**
     * @param downstream gets every message except clock/transport (unless {@code forwardClock}) and active sensing
     * @param clock gets clock and transport messages; may be null to ignore them
     * @param forwardClock also pass clock and transport messages downstream
     */
    public MidiInputPipeline(MidiReceiver downstream, MidiClock clock, boolean forwardClock) {
        if (downstream == null) {
            throw new IllegalArgumentException("downstream receiver is null");
        }
        this.downstream = downstream;
        this.clock = clock;
        this.forwardClock = forwardClock;
        this.parser = new MidiStreamParser(this);
    }

    @Override
    public void bytes(byte[] data, int offset, int length, long nanoTime) {
        lastArrivalNanos = nanoTime;
        parser.bytes(data, offset, length, nanoTime);
    }

    /**
     * {@link #bytes(byte[], int, int, long)} for bytes their device stamped with the engine's {@code sampleTime}:
     * the messages they complete go downstream with it ({@link MidiReceiver#receive(int, long, long)}).
     */
    public void bytes(byte[] data, int offset, int length, long nanoTime, long sampleTime) {
        stampSampleTime = sampleTime;
        try {
            bytes(data, offset, length, nanoTime);
        } finally {
            stampSampleTime = NO_SAMPLE_TIME;
        }
    }

    /** The sample time of the bytes being parsed, or NO_SAMPLE_TIME. [midi-in-thread] */
    private long stampSampleTime = NO_SAMPLE_TIME;

    /** Parsed messages arrive here (called by the parser). */
    @Override
    public void receive(int packedMessage, long nanoTime) {
        int st = packedMessage & 0xFF;
        if (st == 0xFE) {
            return;
        }
        if (MidiClock.isClockMessage(packedMessage)) {
            if (clock != null) {
                clock.onMessage(packedMessage, nanoTime);
            }
            if (!forwardClock) {
                return;
            }
        }
        track(packedMessage);
        forwarded++;
        if (stampSampleTime == NO_SAMPLE_TIME) {
            downstream.receive(packedMessage, nanoTime);
        } else {
            downstream.receive(packedMessage, nanoTime, stampSampleTime);
        }
    }

    private void track(int m) {
        int command = m & 0xF0;
        int channel = m & 0x0F;
        int key = (m >>> 8) & 0x7F;
        if (command == 0x90 && ((m >>> 16) & 0x7F) > 0) {
            int bit = channel * 128 + key;
            held[bit >>> 6] |= 1L << (bit & 63);
        } else if (command == 0x80 || command == 0x90) {
            int bit = channel * 128 + key;
            held[bit >>> 6] &= ~(1L << (bit & 63));
        } else if (command == 0xB0 && (key == 120 || key == 123)) { // all sound off / all notes off
            held[channel * 2] = 0;
            held[channel * 2 + 1] = 0;
        } else if ((m & 0xFF) == 0xFF) { // system reset
            java.util.Arrays.fill(held, 0L);
        }
    }

    /** Notes this input has started and not yet ended. [midi-in-thread, or any thread once delivery stopped] */
    public int heldNoteCount() {
        int n = 0;
        for (long word : held) {
            n += Long.bitCount(word);
        }
        return n;
    }

    /**
     * Sends a note-off (velocity 0) downstream for every note this input left sounding and forgets them; returns
     * how many. Call when the input closes or its device vanished, after delivery stopped (e.g. the poll thread was
     * joined), so that a lost connection never leaves a stuck note.
     */
    public int releaseHeldNotes(long nanoTime) {
        int released = 0;
        for (int w = 0; w < held.length; w++) {
            long word = held[w];
            while (word != 0) {
                int bit = w * 64 + Long.numberOfTrailingZeros(word);
                word &= word - 1;
                downstream.receive(0x80 | (bit >>> 7) | (bit & 0x7F) << 8, nanoTime);
                released++;
            }
            held[w] = 0;
        }
        return released;
    }

    /** The parser, for its counters. */
    public MidiStreamParser parser() {
        return parser;
    }

    /** Messages passed downstream. */
    public long forwarded() {
        return forwarded;
    }

    /** {@link System#nanoTime()} of the last bytes received, 0 if none yet. */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }
}
