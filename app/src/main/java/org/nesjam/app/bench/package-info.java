/**
 * {@code nesjam bench apu|gen|jam|audio|midi}: measurements whose figures go into reports (medians and p99 over many
 * runs, not unit tests), and {@link org.nesjam.app.bench.BeatGridCheck} for scripts/beat-lock-check.sh. Threads: the
 * main thread drives each benchmark; the audio and generator threads are those of the engine and the generator they
 * measure; {@code bench audio} adds its own player and burner threads.
 */
package org.nesjam.app.bench;
