/**
 * JACK audio through jnajack: {@link org.nesjam.nativebridge.jack.JackAudioBackend} ({@code --audio jack}, the
 * server's rate and period), libjack's own messages kept off the user's terminal
 * ({@link org.nesjam.nativebridge.jack.JackMessages}), and riding out a server restart
 * ({@link org.nesjam.nativebridge.jack.ServerReturn}).
 * <p>
 * Threads: open, start, stop and close on the [main-thread]; JACK calls the process callback on its own real-time
 * thread, which is nesjam's [audio-thread] (no allocation, locks or I/O); JACK's shutdown callback comes on a thread
 * of libjack's and only tells the engine ({@code backendStopped}).
 */
package org.nesjam.nativebridge.jack;
