package org.nesjam.nativebridge.midi;

import org.nesjam.midi.live.MidiClock;
import org.nesjam.threads.NesjamThread;

/**
 * Copies a {@link MidiClock}'s tempo and lock state to the engine (e.g. {@code engine::setTempo}) whenever they
 * change, checking every {@code periodMillis} on its own daemon thread. The clock detects "no more ticks" only when
 * asked, so a thread has to ask. [main-thread] start/close; the sink is called on the feed's thread.
 */
public final class MidiTempoFeed implements AutoCloseable {
    /** Receives tempo changes; returns false when it could not take it (retried next period). */
    @FunctionalInterface
    public interface TempoSink {
        boolean setTempo(double bpm, boolean clockLocked);
    }

    private final Thread thread;
    private volatile boolean closed;

    public MidiTempoFeed(MidiClock clock, TempoSink sink, long periodMillis) {
        thread = NesjamThread.TEMPO_FEED.newThread(() -> {
            double lastBpm = Double.NaN;
            boolean lastLocked = false;
            while (!closed) {
                boolean locked = clock.clockLocked(System.nanoTime());
                double bpm = clock.tempoBpm();
                boolean changed = locked != lastLocked || (locked && Math.abs(bpm - lastBpm) >= 0.01);
                if (changed && sink.setTempo(locked ? bpm : (Double.isNaN(lastBpm) ? 120.0 : lastBpm), locked)) {
                    lastLocked = locked;
                    if (locked) {
                        lastBpm = bpm;
                    }
                }
                try {
                    Thread.sleep(Math.max(1, periodMillis));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
