package org.nesjam.nativebridge.midi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Best-effort real-time scheduling for the calling thread (Linux {@code SCHED_FIFO} through libc). Used by the MIDI
 * poll thread so that CPU load around it (measured: a model-training job, load average 13 on 2 cores) does not delay
 * incoming notes by tens of milliseconds. The priority stays below JACK's process threads (JACK's default is 10 for
 * the server, clients just below), so MIDI polling never preempts audio. Without permission (not root, no
 * {@code rtprio} limit) the thread simply keeps normal scheduling. [the thread itself]
 *
 * <p>The jam's generator worker runs at {@link #GENERATOR_PRIORITY}, the lowest real-time priority: it preempts
 * every normally scheduled thread (a browser, a build, the JVM's compiler threads) during a reaction, and yields to
 * MIDI and audio. It is busy about a tenth of the time (it generates at about 10x real time and parks when the
 * lookahead is full), and the kernel's real-time throttling bounds a runaway at 95 % of a core.
 */
public final class RealtimeThreads {
    /** SCHED_FIFO priority used for MIDI threads. */
    public static final int MIDI_PRIORITY = 5;
    /** SCHED_FIFO priority of the jam's generator worker (below MIDI and audio). */
    public static final int GENERATOR_PRIORITY = 1;

    private static final int SCHED_FIFO = 1;

    private RealtimeThreads() {
    }

    interface LibC extends Library {
        int sched_setscheduler(int pid, int policy, int[] param);
    }

    /** Puts the calling thread in SCHED_FIFO at {@code priority}; true on success. Never throws. */
    public static boolean trySetFifo(int priority) {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            // struct sched_param { int sched_priority; }; pid 0 = the calling thread (Linux tid semantics)
            return libc.sched_setscheduler(0, SCHED_FIFO, new int[] {priority}) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
