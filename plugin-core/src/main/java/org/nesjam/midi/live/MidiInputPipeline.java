package org.nesjam.midi.live;

/**
 * What one MIDI input runs its bytes through: {@link MidiStreamParser} -> clock and transport messages to a
 * {@link MidiClock}, active sensing (0xFE) dropped, everything else (channel messages, song select, tune request,
 * system reset 0xFF) to the downstream {@link MidiReceiver} (normally the engine's input ring).
 * <p>
 * [midi-thread] One pipeline per input device (it holds the parser's running-status state); allocation-free and
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
        forwarded++;
        downstream.receive(packedMessage, nanoTime);
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
