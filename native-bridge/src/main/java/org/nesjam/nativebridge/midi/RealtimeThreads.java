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
 */
public final class RealtimeThreads {
    /** SCHED_FIFO priority used for MIDI threads. */
    public static final int MIDI_PRIORITY = 5;

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
