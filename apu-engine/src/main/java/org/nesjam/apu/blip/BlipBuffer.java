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
    /** Taps of the main kernel. */
    public static final int WIDTH = 32;
    /** Taps of the short kernel. */
    public static final int SHORT_WIDTH = 16;
    private static final int SHORT_SHIFT = (WIDTH - SHORT_WIDTH) / 2;
    private final BlipKernel kernel;
    private final int width;
    private final int phases;
    private final int[] taps;
    private final int[] shortTaps;
    private final int shortPhases;
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
     * @param kernel the {@value #WIDTH}-tap band-limited step (interpolated between phases)
     * @param shortKernel the {@value #SHORT_WIDTH}-tap kernel (used at its nearest phase)
     * @param samplesPerCycle output sample rate / CPU clock
     * @param maxReadFrames the most samples one {@link #read} call may ask for
     */
    public BlipBuffer(BlipKernel kernel, BlipKernel shortKernel, double samplesPerCycle, int maxReadFrames) {
        if (kernel.width != WIDTH || shortKernel.width != SHORT_WIDTH) {
            throw new IllegalArgumentException("kernels must be " + WIDTH + " and " + SHORT_WIDTH + " taps wide");
        }
        this.kernel = kernel;
        this.width = kernel.width;
        this.phases = kernel.phases;
        this.taps = kernel.taps;
        this.shortTaps = shortKernel.taps;
        this.shortPhases = shortKernel.phases;
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
        return (long) (cycle * samplesPerCycle);
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

    /**
     * [owner thread] Add a band-limited step of {@code delta} (fixed point) at CPU cycle {@code cycle}: the
     * 32-tap kernel, linearly interpolated between its phases. (The loops have constant trip counts so that the JIT
     * unrolls and vectorizes them; a loop over a field-held width ran about twice as slow.)
     */
    public void addDelta(long cycle, int delta) {
        double pos = cycle * samplesPerCycle;
        long fl = (long) pos; // floor: positions are never negative
        int offset = (int) (fl - readSample);
        int phaseFixed = (int) ((pos - fl) * phaseScale);
        int phase = phaseFixed >>> 15;
        int interp = phaseFixed & (BlipKernel.UNIT - 1);
        int delta2 = (int) (((long) delta * interp) >> 15);
        int delta1 = delta - delta2;
        int[] d = diff;
        int[] t = taps;
        int k0 = phase * WIDTH;
        int k1 = k0 + WIDTH;
        for (int j = 0; j < WIDTH; j++) {
            d[offset + j] += t[k0 + j] * delta1 + t[k1 + j] * delta2;
        }
        if (offset + WIDTH > dirtyEnd) {
            dirtyEnd = offset + WIDTH;
        }
    }

    /**
     * [owner thread] Add a step through the short kernel (16 taps, same centre, nearest of its phases, no
     * interpolation): about a third of the cost of {@link #addDelta}, with a wider transition band. For the
     * triangle's small staircase steps and for noise, whose images above Nyquist are weak.
     */
    public void addDeltaShort(long cycle, int delta) {
        double pos = cycle * samplesPerCycle;
        long fl = (long) pos;
        int offset = (int) (fl - readSample) + SHORT_SHIFT;
        int phase = (int) ((pos - fl) * shortPhases + 0.5);
        int[] d = diff;
        int[] t = shortTaps;
        int k0 = phase * SHORT_WIDTH;
        for (int j = 0; j < SHORT_WIDTH; j++) {
            d[offset + j] += t[k0 + j] * delta;
        }
        if (offset + SHORT_WIDTH > dirtyEnd) {
            dirtyEnd = offset + SHORT_WIDTH;
        }
    }

    /**
     * [owner thread] Add a cheap, box-filtered step (two taps, linear interpolation) of {@code delta} at
     * {@code cycle}, aligned with {@link #addDelta}. For very frequent, noise-like changes, where a 32-tap kernel
     * per change would dominate the cost and aliasing of noise is not heard as tones.
     */
    public void addDeltaFast(long cycle, int delta) {
        double pos = cycle * samplesPerCycle + 0.5;
        long fl = (long) pos;
        int offset = (int) (fl - readSample) + width / 2 - 1;
        int frac = (int) ((pos - fl) * BlipKernel.UNIT);
        int delta2 = (int) (((long) delta * frac) >> 15);
        diff[offset] += (delta - delta2) * BlipKernel.UNIT;
        diff[offset + 1] += delta2 * BlipKernel.UNIT;
        if (offset + 2 > dirtyEnd) {
            dirtyEnd = offset + 2;
        }
    }

    /**
     * [owner thread] Start the integrated output at {@code fixedLevel} (a delta sum, {@code 1 << 15} = 1.0) instead of
     * 0, as if that level had always been there: a power-on DC level then makes no step (and no click).
     * Only before the first delta or read.
     */
    public void presetLevel(int fixedLevel) {
        accumulator = fixedLevel * BlipKernel.UNIT;
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
