package org.nesjam.nativebridge.midi;

/**
 * Short MIDI messages waiting for their JACK frame, and the writing of one cycle's due messages
 * ({@link JackMidiOutput}'s schedule, apart from JACK so that it can be tested). Frames are JACK's 32-bit frame times
 * (compared in 32 bits: they wrap after 25 hours at 48 kHz). Messages are kept in frame order (those at the same
 * frame in the order they came); a cycle writes the due ones at their offsets, one whose frame passed at the
 * cycle's start. What a call wrote stays until a call for another cycle: a dummy JACK server in xruns runs a client
 * again for the cycle it just ran (the same frame time), whose port buffer that call clears, so the messages are
 * written again. Preallocated; every method but the counters' on the one thread that drains the queue
 * [midi-out-thread]; the counters [any-thread].
 */
final class FrameQueue {
    /** Where one cycle's messages go. */
    @FunctionalInterface
    interface Sink {
        /** Writes {@code packed} at {@code offset} frames into the cycle; false when the port's buffer is full. */
        boolean write(int offset, int packed);
    }

    private final long[] frame;
    private final int[] packed;
    private int count;
    /** The first {@code written} messages were written by the last call (kept for a call for the same cycle). */
    private int written;
    private long cycleFrame = -1;
    private int cycleFrames;
    // counters: written on the draining thread only, read by any thread
    private volatile long sent;
    private volatile long late;
    private volatile long dropped;
    private volatile long retracted;
    private volatile long repeatedCycles;
    private volatile long rewrittenCycles;

    FrameQueue(int capacity) {
        frame = new long[capacity];
        packed = new int[capacity];
    }

    /** Files {@code message} for {@code messageFrame} (32-bit). False (counted as dropped) when the queue is full. */
    boolean add(long messageFrame, int message) {
        if (count == frame.length) {
            dropped++;
            return false;
        }
        int i = count;
        // never before what the last call wrote: it is gone already (a message due sooner leaves right after it)
        while (i > written && (int) (frame[i - 1] - messageFrame) > 0) {
            frame[i] = frame[i - 1];
            packed[i] = packed[i - 1];
            i--;
        }
        frame[i] = messageFrame & 0xFFFF_FFFFL;
        packed[i] = message;
        count++;
        return true;
    }

    /** Drops the note-ons (velocity above 0) due at {@code fromFrame} or later that were not written yet. */
    void retractNoteOnsFrom(long fromFrame) {
        int kept = 0;
        int keptWritten = 0;
        for (int i = 0; i < count; i++) {
            int m = packed[i];
            boolean noteOn = (m & 0xF0) == 0x90 && ((m >>> 16) & 0x7F) > 0;
            if (noteOn && (int) (frame[i] - fromFrame) >= 0) {
                if (i >= written) {
                    retracted++;
                } // one written already is only not written again
                continue;
            }
            frame[kept] = frame[i];
            packed[kept] = m;
            keptWritten += i < written ? 1 : 0;
            kept++;
        }
        count = kept;
        written = keptWritten;
    }

    /**
     * A call for the cycle of {@code frames} frames from frame time {@code startFrame} (its port buffer just cleared):
     * after forgetting what the last call wrote (unless this is that cycle again, when it is written again), writes
     * every message due before the cycle's end to {@code sink}, in time order (JACK takes no other): a late one at
     * offset 0, one filed behind messages already written but due before them with the last of them.
     */
    void cycle(long startFrame, int frames, Sink sink) {
        startFrame &= 0xFFFF_FFFFL;
        if (startFrame == cycleFrame && frames == cycleFrames) {
            repeatedCycles++;
            if (written > 0) {
                rewrittenCycles++;
            }
        } else if (written > 0) {
            System.arraycopy(frame, written, frame, 0, count - written);
            System.arraycopy(packed, written, packed, 0, count - written);
            count -= written;
            written = 0;
        }
        cycleFrame = startFrame;
        cycleFrames = frames;
        int done = 0;
        int offset = 0;
        while (done < count) {
            int delta = (int) (frame[done] - startFrame);
            if (delta >= frames) {
                break;
            }
            boolean again = done < written;
            offset = Math.max(offset, Math.max(0, delta));
            boolean ok = sink.write(offset, packed[done]);
            if (!again) {
                if (!ok) {
                    dropped++;
                } else {
                    sent++;
                    late += delta < 0 ? 1 : 0;
                }
            }
            done++;
        }
        written = done;
    }

    /** The frame time of the last cycle (-1 before the first); the frame a message without a time is filed at. */
    long cycleFrame() {
        return cycleFrame;
    }

    /** The last cycle's length in frames (0 before the first). */
    int cycleFrames() {
        return cycleFrames;
    }

    /** True when every message filed has been written. */
    boolean idle() {
        return count == written;
    }

    long sent() {
        return sent;
    }

    long late() {
        return late;
    }

    long dropped() {
        return dropped;
    }

    long retracted() {
        return retracted;
    }

    long repeatedCycles() {
        return repeatedCycles;
    }

    long rewrittenCycles() {
        return rewrittenCycles;
    }
}
