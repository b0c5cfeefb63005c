package org.nesjam.plugin;

/**
 * A linear ramp for one {@link ParamInfo#smoothed() smoothed} parameter, so a jump (automation, a preset load)
 * does not click. Preallocate one per smoothed parameter, call {@link #setRampFrames} in
 * {@link Plugin#activate}, then on the audio thread call {@link #setTarget} when a PARAM event arrives (at its
 * block offset) and {@link #next()} once per frame.
 * <p>
 * Contract: after {@code setTarget(t)} the value moves in equal steps and reaches {@code t} exactly after
 * {@code rampFrames} frames, so the largest per-frame change is {@code |t - current| / rampFrames}
 * ({@link #maxStep}). A new target during a ramp starts a fresh ramp from wherever the value is.
 * [audio-thread] for everything except {@link #setRampFrames}; no allocation, no locks.
 */
public final class ParamSmoother {
    /** Default ramp length in milliseconds: long enough to hide a step, short enough to feel immediate. */
    public static final double DEFAULT_RAMP_MS = 10.0;

    private double current;
    private double target;
    private double step;
    private int remainingFrames;
    private int rampFrames = 1;

    public ParamSmoother(double initialValue) {
        current = initialValue;
        target = initialValue;
    }

    /** [main-thread] Ramp length in frames (1 = no smoothing). */
    public void setRampFrames(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("rampFrames must be >= 1: " + frames);
        }
        rampFrames = frames;
    }

    /** [main-thread] Ramp length from a duration: {@code max(1, round(sampleRate * rampMs / 1000))} frames. */
    public void setRampTime(double sampleRate, double rampMs) {
        setRampFrames((int) Math.max(1, Math.round(sampleRate * rampMs / 1000.0)));
    }

    public int rampFrames() {
        return rampFrames;
    }

    /** Jump to {@code value} at once (state load, note start): no ramp. */
    public void reset(double value) {
        current = value;
        target = value;
        remainingFrames = 0;
        step = 0;
    }

    /** Start a ramp from the current value to {@code value}. */
    public void setTarget(double value) {
        target = value;
        if (rampFrames <= 1 || value == current) {
            current = value;
            remainingFrames = 0;
            step = 0;
            return;
        }
        remainingFrames = rampFrames;
        step = (value - current) / rampFrames;
    }

    /** Advance one frame and return the new value. */
    public double next() {
        if (remainingFrames > 0) {
            remainingFrames--;
            current = remainingFrames == 0 ? target : current + step;
        }
        return current;
    }

    /** Advance {@code frames} frames at once (for block-rate parameters); returns the value after them. */
    public double skip(int frames) {
        if (remainingFrames > 0) {
            if (frames >= remainingFrames) {
                remainingFrames = 0;
                current = target;
            } else {
                remainingFrames -= frames;
                current += step * frames;
            }
        }
        return current;
    }

    /** The value as of the last {@link #next()}. */
    public double current() {
        return current;
    }

    public double target() {
        return target;
    }

    public boolean isRamping() {
        return remainingFrames > 0;
    }

    /** Frames left in the current ramp (0 when settled). For state save. */
    public int remainingFrames() {
        return remainingFrames;
    }

    /** Per-frame increment of the current ramp. For state save. */
    public double step() {
        return step;
    }

    /**
     * Restore a saved ramp exactly (from {@link #current()}, {@link #target()}, {@link #step()},
     * {@link #remainingFrames()}), so a state round-trip renders bit for bit the same.
     */
    public void restore(double current, double target, double step, int remainingFrames) {
        this.current = current;
        this.target = target;
        this.step = step;
        this.remainingFrames = Math.max(0, remainingFrames);
    }

    /** The largest per-frame change a jump of {@code delta} can cause with this ramp: {@code |delta| / rampFrames}. */
    public double maxStep(double delta) {
        return Math.abs(delta) / rampFrames;
    }
}
