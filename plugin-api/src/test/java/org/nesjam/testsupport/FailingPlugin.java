package org.nesjam.testsupport;

import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginKind;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.plugin.ProcessStatus;

/**
 * A test audio effect that adds a constant and, from block {@code failAtBlock} on, throws a preallocated
 * exception (so the throw itself allocates nothing) or returns ERROR.
 */
public final class FailingPlugin implements Plugin {
    public static final PluginDescriptor DESCRIPTOR = new PluginDescriptor("org.nesjam.test.failing", "Failing",
            "0.1", "nesjam tests", PluginKind.AUDIO_EFFECT, PluginApi.VERSION);
    private static final IllegalStateException BOOM = new IllegalStateException("boom");

    private final int failAtBlock;
    private final boolean returnError;
    private int blocks;
    /** Blocks processed (including the failing one). */
    public volatile int processCalls;

    public FailingPlugin(int failAtBlock, boolean returnError) {
        this.failAtBlock = failAtBlock;
        this.returnError = returnError;
    }

    @Override
    public PluginDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void activate(double sampleRate, int minFrames, int maxFrames) {
    }

    @Override
    public ProcessStatus process(ProcessBlock block) {
        processCalls++;
        if (blocks++ >= failAtBlock) {
            if (returnError) {
                return ProcessStatus.ERROR;
            }
            throw BOOM;
        }
        return ProcessStatus.CONTINUE;
    }

    @Override
    public void deactivate() {
    }
}
