/**
 * The probe instrument: a sine per MIDI channel whose onsets are exactly on the note's sample, for the engine's timing
 * tests and the latency benchmarks ({@code nesjam bench audio}, {@code nesjam bench midi --to-audio}). Shipped code
 * (the bench commands use it), kept here rather than in the bench module because the engine's own tests need it.
 * <p>
 * Threads: the plugin contract: {@code process} on the [audio-thread], allocation-free; the rest on the [main-thread].
 */
package org.nesjam.host.probe;
