package org.nesjam.apu.blip;

/**
 * Blip_Buffer-style band-limited synthesis. The APU reports amplitude changes (deltas, fixed point) at CPU-cycle
 * times; each delta is added into a buffer of differences through a band-limited step ({@link BlipKernel}) at its
 * exact sub-sample position, and reading integrates the differences into samples. Cost is proportional to the
 * number of changes, not to the clock rate.
 * <p>
 * Time mapping: CPU cycle {@code c} is at sample position {@code c * samplesPerCycle} (one IEEE double multiply, so
 * the mapping is deterministic and monotonic); {@link #cycleAtSample} is its exact inverse on sample boundaries.
 * Output sample {@code k} is complete once every delta with a cycle below {@code cycleAtSample(k + 1)} was added.
 * Contract: deltas are only added at cycles below {@code cycleAtSample(readSample() + maxReadFrames)}.
 * Output is delayed by {@code width/2 - 1} samples against the input (the kernel is centred there).
 * <p>
 * Ownership/threads: one owner thread ([audio-thread] once processing). Nothing allocates after construction.
 */
public final class BlipBuffer {
    private final BlipKernel kernel;
    private final int width;
    private final int phases;
    private final int[] taps;
    private final int[] shortTaps;
    private final int shortWidth;
    private final int shortShift;
    private final double samplesPerCycle;
    private final double phaseScale;
    /** Differences for absolute samples {@code readSample .. readSample + diff.length - 1}. */
    private final int[] diff;
    private final int maxRead;
    private long readSample;
    private int accumulator;
    /** One past the highest difference index that may be non-zero. */
    private int dirtyEnd;

    /**
     * @param kernel band-limited step
     * @param shortKernel a kernel no wider than {@code kernel}, with the same number of phases
     * @param samplesPerCycle output sample rate / CPU clock
     * @param maxReadFrames the most samples one {@link #read} call may ask for
     */
    public BlipBuffer(BlipKernel kernel, BlipKernel shortKernel, double samplesPerCycle, int maxReadFrames) {
        if (shortKernel.width > kernel.width || shortKernel.phases != kernel.phases) {
            throw new IllegalArgumentException("short kernel must be narrower with the same phases");
        }
        this.kernel = kernel;
        this.width = kernel.width;
        this.phases = kernel.phases;
        this.taps = kernel.taps;
        this.shortTaps = shortKernel.taps;
        this.shortWidth = shortKernel.width;
        this.shortShift = (kernel.width - shortKernel.width) / 2;
        this.samplesPerCycle = samplesPerCycle;
        this.phaseScale = (double) phases * BlipKernel.UNIT;
        this.maxRead = maxReadFrames;
        this.diff = new int[maxReadFrames + width + 8];
    }

    public BlipKernel kernel() {
        return kernel;
    }

    /** Output delay in samples (the kernel centre). */
    public int delaySamples() {
        return width / 2 - 1;
    }

    /** Absolute index of the next sample {@link #read} returns. */
    public long readSample() {
        return readSample;
    }

    /** Sample index (floor of the position) of CPU cycle {@code cycle}. */
    public long sampleOf(long cycle) {
        return (long) Math.floor(cycle * samplesPerCycle);
    }

    /** The smallest CPU cycle whose sample index is {@code >= sample}. */
    public long cycleAtSample(long sample) {
        long c = (long) Math.ceil(sample / samplesPerCycle);
        while (c > 0 && sampleOf(c - 1) >= sample) {
            c--;
        }
        while (sampleOf(c) < sample) {
            c++;
        }
        return c;
    }

    /** [owner thread] Add a band-limited step of {@code delta} (fixed point) at CPU cycle {@code cycle}. */
    public void addDelta(long cycle, int delta) {
        add(cycle, delta, taps, width, 0);
    }

    /**
     * [owner thread] Add a step through the shorter kernel (same centre, cheaper, a wider transition band): for
     * the triangle's small staircase steps and slow noise, whose images above Nyquist are weak.
     */
    public void addDeltaShort(long cycle, int delta) {
        add(cycle, delta, shortTaps, shortWidth, shortShift);
    }

    private void add(long cycle, int delta, int[] t, int w, int shift) {
        double pos = cycle * samplesPerCycle;
        double fl = Math.floor(pos);
        int offset = (int) ((long) fl - readSample) + shift;
        int phaseFixed = (int) ((pos - fl) * phaseScale);
        int phase = phaseFixed >>> 15;
        int interp = phaseFixed & (BlipKernel.UNIT - 1);
        int delta2 = (int) (((long) delta * interp) >> 15);
        int delta1 = delta - delta2;
        int[] d = diff;
        int k0 = phase * w;
        int k1 = k0 + w;
        for (int j = 0; j < w; j++) {
            d[offset + j] += t[k0 + j] * delta1 + t[k1 + j] * delta2;
        }
        if (offset + w > dirtyEnd) {
            dirtyEnd = offset + w;
        }
    }

    /**
     * [owner thread] Add a cheap, box-filtered step (two taps, linear interpolation) of {@code delta} at
     * {@code cycle}, aligned with {@link #addDelta}. For very frequent, noise-like changes, where a 32-tap kernel
     * per change would dominate the cost and aliasing of noise is not heard as tones.
     */
    public void addDeltaFast(long cycle, int delta) {
        double pos = cycle * samplesPerCycle + 0.5;
        double fl = Math.floor(pos);
        int offset = (int) ((long) fl - readSample) + width / 2 - 1;
        int frac = (int) ((pos - fl) * BlipKernel.UNIT);
        int delta2 = (int) (((long) delta * frac) >> 15);
        diff[offset] += (delta - delta2) * BlipKernel.UNIT;
        diff[offset + 1] += delta2 * BlipKernel.UNIT;
        if (offset + 2 > dirtyEnd) {
            dirtyEnd = offset + 2;
        }
    }

    /**
     * [owner thread] Integrate {@code count} samples ({@code <= maxReadFrames}) into {@code out[outOffset..]} as
     * levels where {@code 1.0} is a fixed-point delta sum of {@code 1 << 15}.
     */
    public void read(double[] out, int outOffset, int count) {
        if (count > maxRead) {
            throw new IllegalArgumentException("read " + count + " > " + maxRead);
        }
        int[] d = diff;
        int acc = accumulator;
        final double scale = 1.0 / ((double) BlipKernel.UNIT * (1 << 15));
        for (int i = 0; i < count; i++) {
            acc += d[i];
            out[outOffset + i] = acc * scale;
        }
        accumulator = acc;
        int end = Math.max(dirtyEnd, count);
        int keep = end - count;
        System.arraycopy(d, count, d, 0, keep);
        java.util.Arrays.fill(d, keep, end, 0);
        dirtyEnd = keep;
        readSample += count;
    }
}
