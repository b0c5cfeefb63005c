/**
 * Audio output devices and files: the {@link org.nesjam.audio.AudioBackend} contract and its
 * {@code ServiceLoader}-found providers ({@link org.nesjam.audio.AudioBackends} picks one for {@code --audio}); the
 * backends whose audio thread is ours ({@link org.nesjam.audio.ClockedBackend}: WAV file, stdout PCM, Java Sound;
 * JACK's lives in native-bridge); {@link org.nesjam.audio.WavWriter} and the {@link org.nesjam.audio.AudioSink} an
 * offline render writes to.
 * <p>
 * Threads: a backend is opened, started, stopped and closed on the [main-thread]; once started it calls its
 * {@link org.nesjam.audio.AudioCallback} once per period on its [audio-thread] ({@code nesjam-audio-BACKEND} for the
 * clocked ones), which allocates, locks and blocks on nothing but the device's own write.
 */
package org.nesjam.audio;
