package org.nesjam.audio;

/**
 * What an {@link AudioBackend} drives: the engine. The backend calls {@link #process} once per period on its
 * audio thread and {@link #backendStopped} (from any other thread) when it stops on its own.
 */
public interface AudioCallback {

    /**
     * [audio-thread] Render {@code frameCount} frames into {@code out[channel][0 .. frameCount)}; {@code out} has
     * the backend's channel count and room for at least {@code frameCount} frames. Real-time safe: must not
     * allocate, lock, log, do I/O or throw.
     */
    void process(float[][] out, int frameCount);

    /**
     * [audio-thread] The device played {@code frames} frames this callback was not called for (a JACK server that
     * skipped the client's cycles in an xrun): the next {@link #process} renders the frames after them, so the
     * callback's time stays the device's. Real-time safe like {@link #process}. By default nothing happens (time then
     * falls behind the device's by those frames).
     */
    default void framesSkipped(long frames) {
    }

    /**
     * [audio-thread] The sample time of the first frame the next {@link #process} renders, or -1 when the callback
     * keeps no timeline (then or by default). Backends publish it against the device's frame clock
     * ({@link DeviceTimeline}).
     */
    default long nextSampleTime() {
        return -1;
    }

    /**
     * [any-thread, never the audio thread] The backend stopped by itself and will call {@link #process} no more
     * (JACK server shut down, device lost, output file not writable). {@code reason} is one line for the user.
     * Must return quickly; the owner then calls {@link AudioBackend#stop()} and {@link AudioBackend#close()} from
     * its own thread.
     */
    void backendStopped(String reason);
}
