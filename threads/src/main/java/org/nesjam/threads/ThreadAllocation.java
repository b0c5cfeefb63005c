package org.nesjam.threads;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Bytes allocated by the current thread, from HotSpot's per-thread counter. Used by tests and benchmarks to prove
 * that a real-time path allocates nothing after warm-up. [thread-safe; reads the calling thread]
 */
public final class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocation() {
    }

    /** True when the JVM can count allocated bytes per thread. */
    public static boolean supported() {
        return BEAN.isThreadAllocatedMemorySupported() && BEAN.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes the calling thread allocated since it started. */
    public static long currentThreadBytes() {
        return BEAN.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Runs {@code window} (given its index) on the calling thread up to {@code maxWindows} times, stopping after the
     * first that allocated nothing, and returns the bytes each run allocated. A real-time path is proven
     * allocation-free by one clean window after warm-up: while HotSpot compiles, installs or deoptimizes code it
     * occasionally allocates a few dozen bytes on the running thread, which are not the path's; a real allocation
     * shows in every window.
     */
    public static long[] windowBytes(int maxWindows, IntConsumer window) {
        long[] bytes = new long[maxWindows];
        int w = 0;
        while (w < maxWindows) {
            long before = currentThreadBytes();
            window.accept(w);
            bytes[w] = currentThreadBytes() - before;
            if (bytes[w++] == 0) {
                break;
            }
        }
        return Arrays.copyOf(bytes, w);
    }

    /** Bytes thread {@code threadId} allocated since it started, or -1 if it is gone. */
    public static long threadBytes(long threadId) {
        return BEAN.getThreadAllocatedBytes(threadId);
    }
}
