package org.nesjam.host.rt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.nesjam.host.FaultSink;
import org.nesjam.plugin.Plugin;

/**
 * What the audio thread reports without logging: counters and meters, readable from any thread. Counters only
 * grow. The audio thread is the single writer of the ones it updates ({@code lazySet}, no read-modify-write);
 * publishers on other threads count their own drops atomically.
 */
public final class EngineCounters implements FaultSink {
    final AtomicLong cycles = new AtomicLong();
    final AtomicLong framesRendered = new AtomicLong();
    final AtomicLong framesSkipped = new AtomicLong();
    final AtomicLong inputDropped = new AtomicLong();
    final AtomicLong scheduleDropped = new AtomicLong();
    final AtomicLong controlDropped = new AtomicLong();
    final AtomicLong pendingOverflow = new AtomicLong();
    final AtomicLong blockEventOverflow = new AtomicLong();
    final AtomicLong lateEvents = new AtomicLong();
    final AtomicLong pluginFaults = new AtomicLong();
    final AtomicLong renderErrors = new AtomicLong();
    final AtomicLong recorderOverflowFrames = new AtomicLong();
    final AtomicLong lastCycleNanos = new AtomicLong();
    final AtomicLong maxCycleNanos = new AtomicLong();
    final AtomicLong lastPeakBits = new AtomicLong();
    final AtomicReference<Plugin> lastFaultyPlugin = new AtomicReference<>();

    /** [audio-thread] The fault sink of an engine-owned chain: counts and remembers the plugin (no allocation). */
    @Override
    public void pluginFailed(Plugin plugin, int chainIndex, Throwable error) {
        lastFaultyPlugin.lazySet(plugin);
        bump(pluginFaults);
    }

    /** [audio-thread] single-writer increment. */
    static void bump(AtomicLong counter) {
        counter.lazySet(counter.get() + 1);
    }

    /** [audio-thread] single-writer add. */
    static void add(AtomicLong counter, long n) {
        counter.lazySet(counter.get() + n);
    }

    /** Audio cycles processed. */
    public long cycles() {
        return cycles.get();
    }

    /** Sample frames rendered (equals the playhead). */
    public long framesRendered() {
        return framesRendered.get();
    }

    /** Frames the backend played without calling the engine (JACK xruns): the timeline moved on past them. */
    public long framesSkipped() {
        return framesSkipped.get();
    }

    /** MIDI/input events refused because the input ring was full. */
    public long inputDropped() {
        return inputDropped.get();
    }

    /** Scheduled events refused because the schedule ring was full. */
    public long scheduleDropped() {
        return scheduleDropped.get();
    }

    /** Control changes refused because the control ring was full. */
    public long controlDropped() {
        return controlDropped.get();
    }

    /** Future events dropped because the audio thread's pending buffer was full. */
    public long pendingOverflow() {
        return pendingOverflow.get();
    }

    /** Events dropped because one block held more events than the block's event buffer. */
    public long blockEventOverflow() {
        return blockEventOverflow.get();
    }

    /** Events whose sample time had already been rendered; they played at the next block's first frame. */
    public long lateEvents() {
        return lateEvents.get();
    }

    /** Plugins bypassed after throwing or returning ERROR. */
    public long pluginFaults() {
        return pluginFaults.get();
    }

    /** Cycles in which the engine itself caught an exception (the cycle was output as silence). */
    public long renderErrors() {
        return renderErrors.get();
    }

    /** Frames the recorder could not take because its writer fell behind. */
    public long recorderOverflowFrames() {
        return recorderOverflowFrames.get();
    }

    /** Wall time of the last cycle's processing, ns. */
    public long lastCycleNanos() {
        return lastCycleNanos.get();
    }

    /** Longest cycle processing time since start, ns. */
    public long maxCycleNanos() {
        return maxCycleNanos.get();
    }

    /** Largest absolute sample value of the last cycle, all channels. */
    public float lastPeak() {
        return Float.intBitsToFloat((int) lastPeakBits.get());
    }

    /** One line for logs: counts that matter when something goes wrong. */
    public String summary() {
        return String.format("cycles=%d late=%d dropped(in/sched/ctl/pending/block)=%d/%d/%d/%d/%d"
                        + " pluginFaults=%d renderErrors=%d maxCycle=%.3fms",
                cycles(), lateEvents(), inputDropped(), scheduleDropped(), controlDropped(), pendingOverflow(),
                blockEventOverflow(), pluginFaults(), renderErrors(), maxCycleNanos() / 1e6);
    }
}
