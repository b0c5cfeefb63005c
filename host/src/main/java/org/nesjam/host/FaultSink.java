package org.nesjam.host;

import org.nesjam.plugin.Plugin;

/** Where a {@link PluginChain} reports a plugin that failed in {@code process}. */
@FunctionalInterface
public interface FaultSink {

    /**
     * [audio-thread] {@code plugin} (at {@code chainIndex}) threw {@code error}, or returned
     * {@link org.nesjam.plugin.ProcessStatus#ERROR} when {@code error} is null. Must be real-time safe: hand the
     * report to another thread and return (see {@link FaultReporter}); never print, lock or allocate here.
     */
    void pluginFailed(Plugin plugin, int chainIndex, Throwable error);

    /**
     * A sink that reports to both {@code first} and {@code second} (e.g. the engine's counters and a
     * {@link FaultReporter} that prints the line); either may be null.
     */
    static FaultSink tee(FaultSink first, FaultSink second) {
        if (first == null) {
            return second;
        }
        if (second == null) {
            return first;
        }
        return (plugin, chainIndex, error) -> {
            first.pluginFailed(plugin, chainIndex, error);
            second.pluginFailed(plugin, chainIndex, error);
        };
    }
}
