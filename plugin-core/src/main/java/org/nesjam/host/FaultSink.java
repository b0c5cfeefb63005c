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
}
