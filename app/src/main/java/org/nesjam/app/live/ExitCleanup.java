package org.nesjam.app.live;

import org.nesjam.threads.NesjamThread;

/**
 * A live command's clean-up (stop the engine, finalize recordings, save what the user made) that must run exactly
 * once, whether the command ends by itself or the JVM is stopped (Ctrl-C, SIGTERM): it is registered as a shutdown
 * hook, and {@link #run} on the command's own thread either runs it or waits until the hook's run has finished, so
 * what the command releases afterwards is not pulled from under a save in progress. [main-thread, shutdown-hook]
 */
public final class ExitCleanup implements Runnable {
    private final Runnable cleanup;
    private final Thread hook;
    private boolean done;

    /** Registers {@code cleanup} to run on JVM exit, on the {@link NesjamThread#SHUTDOWN} thread for {@code what}. */
    public ExitCleanup(String what, Runnable cleanup) {
        this.cleanup = cleanup;
        this.hook = NesjamThread.SHUTDOWN.newThread(what, this::runOnce);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private synchronized void runOnce() {
        if (!done) {
            done = true;
            cleanup.run();
        }
    }

    /** Runs the clean-up now (or waits for the running one) and unregisters the hook. */
    @Override
    public void run() {
        runOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook has run or runs anyway
        }
    }
}
