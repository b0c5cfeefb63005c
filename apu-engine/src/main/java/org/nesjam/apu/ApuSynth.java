package org.nesjam.apu;

import org.nesjam.apu.blip.BlipBuffer;
import org.nesjam.apu.blip.BlipKernel;

/**
 * An {@link Apu} with its band-limited buffer and output filter: register writes in, audio samples out, on a
 * sample-time axis. A write at sample time {@code s} happens at CPU cycle {@link #cycleAtSample}{@code (s)};
 * {@link #render} produces the next samples. The result depends only on the writes' times and values, never on how
 * rendering is split into calls. Mono, nominal range -1..1 ({@link FilterMode#OFF}: the DAC's 0..1).
 * Threads: one owner ([audio-thread] while processing); nothing allocates after construction.
 */
public final class ApuSynth implements ApuWriteTarget {
    /** Kernel width (taps) of the band-limited step. */
    public static final int KERNEL_WIDTH = 32;
    /** Sub-sample phases of the kernel table (linear interpolation between them). */
    public static final int KERNEL_PHASES = 256;
    /** Phases of the short kernel's table (nearest phase, no interpolation: timing error at most 1/1024 sample). */
    public static final int SHORT_KERNEL_PHASES = 512;

    /** Kernels per sample rate: immutable, computed once (a few milliseconds each) and shared. */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, BlipKernel[]> KERNELS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final ApuRegion region;
    private final int sampleRate;
    private final BlipBuffer blip;
    private final Apu apu;
    private final OutputFilter filter;
    private final double[] scratch;
    private final int maxFrames;

    /**
     * @param maxFrames the most frames one {@link #render} call produces
     */
    public ApuSynth(ApuRegion region, int sampleRate, int maxFrames, FilterMode filterMode) {
        if (sampleRate < 8000 || sampleRate > 384000) {
            throw new IllegalArgumentException("sample rate " + sampleRate);
        }
        this.region = region;
        this.sampleRate = sampleRate;
        BlipKernel[] kernels = KERNELS.computeIfAbsent(sampleRate,
                r -> new BlipKernel[] {kernelFor(r), shortKernelFor(r)});
        this.blip = new BlipBuffer(kernels[0], kernels[1], sampleRate * (double) region.cpuHzDenominator
                / region.cpuHzNumerator, maxFrames);
        this.apu = new Apu(region, blip);
        this.filter = new OutputFilter(sampleRate, filterMode);
        filter.settle(apu.level()); // no click from the power-on DC level
        this.scratch = new double[maxFrames];
        this.maxFrames = maxFrames;
    }

    /**
     * The band-limited step for {@code sampleRate}: 32 taps, Kaiser beta 8 (about -80 dB stop band, transition
     * about 0.17 fs wide), centred at Nyquist but never above 28 kHz. At 48 kHz everything above 28 kHz, which would
     * alias below 20 kHz, is in the stop band.
     */
    static BlipKernel kernelFor(int sampleRate) {
        double cutoff = Math.min(0.5, 28000.0 / sampleRate);
        return new BlipKernel(KERNEL_WIDTH, KERNEL_PHASES, cutoff, 8.0);
    }

    /**
     * The shorter step used for triangle steps and noise: 16 taps, 512 phases, Kaiser beta 6 (about -60 dB), cutoff
     * 0.46 fs but never above 26 kHz: images above 28 kHz (48 kHz output) are at least 60 dB down.
     */
    static BlipKernel shortKernelFor(int sampleRate) {
        double cutoff = Math.min(0.46, 26000.0 / sampleRate);
        return new BlipKernel(KERNEL_WIDTH / 2, SHORT_KERNEL_PHASES, cutoff, 6.0);
    }

    public Apu apu() {
        return apu;
    }

    @Override
    public ApuRegion region() {
        return region;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public OutputFilter filter() {
        return filter;
    }

    /** Absolute sample time of the next sample {@link #render} produces. */
    public long sampleTime() {
        return blip.readSample();
    }

    /** The CPU cycle at which a write at sample time {@code sampleTime} happens. */
    public long cycleAtSample(long sampleTime) {
        return blip.cycleAtSample(sampleTime);
    }

    /**
     * Write a register at sample time {@code sampleTime}: from {@link #sampleTime()} (earlier times are taken as
     * {@link #sampleTime()}) to less than {@code sampleTime() + maxFrames} (the buffer must hold the changes).
     */
    @Override
    public void write(long sampleTime, int address, int value) {
        if (sampleTime >= blip.readSample() + maxFrames) {
            throw new IllegalArgumentException("write at sample " + sampleTime + " is more than " + maxFrames
                    + " frames ahead of " + blip.readSample());
        }
        apu.write(cycleAtSample(Math.max(sampleTime, blip.readSample())), address, value);
    }

    /** Render {@code frames} samples and ADD them to {@code out[offset..offset+frames-1]}. */
    public void renderAdd(float[] out, int offset, int frames) {
        long end = blip.readSample() + frames;
        apu.runTo(blip.cycleAtSample(end));
        double[] s = scratch;
        blip.read(s, 0, frames);
        filter.processAdd(s, out, offset, frames);
    }

    /** Render {@code frames} samples into {@code out[offset..]} (overwriting). */
    public void render(float[] out, int offset, int frames) {
        java.util.Arrays.fill(out, offset, offset + frames, 0f);
        renderAdd(out, offset, frames);
    }

    /** Render {@code frames} filtered samples in double precision into {@code out[offset..]} (overwriting). */
    public void render(double[] out, int offset, int frames) {
        long end = blip.readSample() + frames;
        apu.runTo(blip.cycleAtSample(end));
        blip.read(out, offset, frames);
        filter.process(out, offset, frames);
    }
}
