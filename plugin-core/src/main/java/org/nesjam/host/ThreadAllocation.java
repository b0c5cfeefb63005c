package org.nesjam.host;

import java.lang.management.ManagementFactory;

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

    /** Bytes thread {@code threadId} allocated since it started, or -1 if it is gone. */
    public static long threadBytes(long threadId) {
        return BEAN.getThreadAllocatedBytes(threadId);
    }
}
