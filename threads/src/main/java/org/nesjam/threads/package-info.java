/**
 * Thread roles, defined once: {@link org.nesjam.threads.NesjamThread} names every thread nesjam starts, tells which
 * role the current thread has, and its roles are the thread tags of every comment ({@code [audio-thread]}, ...).
 * {@link org.nesjam.threads.ThreadAllocation} reads the calling thread's allocation counter, for the tests and
 * benchmarks that prove a real-time path allocates nothing.
 * <p>
 * Threads: [any-thread]; nothing here keeps state.
 */
package org.nesjam.threads;
