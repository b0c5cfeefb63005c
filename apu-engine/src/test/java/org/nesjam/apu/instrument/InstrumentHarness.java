package org.nesjam.apu.instrument;

import org.nesjam.plugin.ProcessBlock;

/** Drives an {@link ApuInstrument} block by block from a timed list of MIDI messages, without allocating. */
final class InstrumentHarness {
    final ApuInstrument plugin;
    final ProcessBlock block;
    private final long[] times;
    private final int[] messages;
    private int next;
    private long sampleTime;

    /** {@code times[i]} (sample time, ascending) and {@code messages[i]} (packed MIDI). */
    InstrumentHarness(ApuInstrument plugin, int sampleRate, int maxFrames, long[] times, int[] messages) {
        this.plugin = plugin;
        this.block = new ProcessBlock(1, maxFrames, 1024);
        this.block.sampleRate = sampleRate;
        this.times = times;
        this.messages = messages;
        plugin.activate(sampleRate, 1, maxFrames);
    }

    /** Render {@code frames} frames in blocks of {@code blockFrames} into {@code out[offset..]}. */
    void render(float[] out, int offset, int frames, int blockFrames) {
        int done = 0;
        while (done < frames) {
            int n = Math.min(blockFrames, frames - done);
            block.frameCount = n;
            block.sampleTime = sampleTime;
            block.inputEvents.clear();
            while (next < times.length && times[next] < sampleTime + n) {
                block.inputEvents.addPackedMidi((int) (times[next] - sampleTime), messages[next]);
                next++;
            }
            block.audio.clear(n);
            plugin.process(block);
            System.arraycopy(block.audio.channel(0), 0, out, offset + done, n);
            done += n;
            sampleTime += n;
        }
    }

    /** Rewind the event list (for looping patterns; times then repeat relative to {@code baseSampleTime}). */
    long sampleTime() {
        return sampleTime;
    }

    static int msg(int status, int d1, int d2) {
        return status | d1 << 8 | d2 << 16;
    }
}
