package org.nesjam.jmh;

import java.util.concurrent.TimeUnit;
import org.nesjam.apu.ApuRegion;
import org.nesjam.apu.ApuSynth;
import org.nesjam.apu.FilterMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One audio block of the APU at 48 kHz with all four voices sounding (pulses at 440 and 660 Hz, triangle at 220 Hz,
 * noise at period index 8), through the chosen output filter: the chip's share of an audio callback. A block of
 * {@value #BLOCK_FRAMES} frames is 5.33 ms of audio, so real time needs a score under 5,333 us.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ApuRenderBench {
    static final int SAMPLE_RATE = 48_000;
    static final int BLOCK_FRAMES = 256;

    @Param({"NES", "OFF"})
    public FilterMode filter;

    private ApuSynth synth;
    private final float[] out = new float[BLOCK_FRAMES];

    @Setup
    public void fourVoices() {
        synth = new ApuSynth(ApuRegion.NTSC, SAMPLE_RATE, BLOCK_FRAMES, filter);
        synth.write(0, 0x4015, 0x0F);
        pulse(0x4000, 440);
        pulse(0x4004, 660);
        int triangle = timer(220, 32);
        synth.write(0, 0x4008, 0xFF);
        synth.write(0, 0x400A, triangle & 0xFF);
        synth.write(0, 0x400B, triangle >> 8);
        synth.write(0, 0x400C, 0x3F);
        synth.write(0, 0x400E, 8);
        synth.write(0, 0x400F, 0);
    }

    private void pulse(int base, double hz) {
        int t = timer(hz, 16);
        synth.write(0, base, 0xBF); // duty 50 %, constant volume 15
        synth.write(0, base + 1, 0x08); // sweep off
        synth.write(0, base + 2, t & 0xFF);
        synth.write(0, base + 3, t >> 8);
    }

    /** The 11-bit timer period for {@code hz} on a channel whose waveform takes {@code steps} timer periods. */
    private static int timer(double hz, int steps) {
        double cpuHz = ApuRegion.NTSC.cpuHzNumerator / (double) ApuRegion.NTSC.cpuHzDenominator;
        return (int) Math.round(cpuHz / (steps * hz)) - 1;
    }

    /** Renders the next block; returns a sample so the work cannot be skipped. */
    @Benchmark
    public float renderBlock() {
        synth.render(out, 0, BLOCK_FRAMES);
        return out[BLOCK_FRAMES - 1];
    }
}
