/**
 * JMH micro-benchmarks of the hot paths: {@link org.nesjam.jmh.ApuRenderBench} (one audio block of the chip),
 * {@link org.nesjam.jmh.ModelStepBench} (one model step of the shipped model), {@link org.nesjam.jmh.SamplerBench}
 * (one draw over the vocabulary). Run with {@code scripts/jmh.sh} (arguments go to JMH); {@code mvn test} builds them
 * and never runs them. Whole-system figures (tokens/s with percentiles, MIDI-to-audio latency on JACK) are the
 * {@code nesjam bench} commands' ({@code bench} module).
 * <p>
 * Threads: JMH's own benchmark threads in forked JVMs; each benchmark's state is confined to its thread
 * ({@code Scope.Thread}), as the real code is to the audio or generator thread.
 */
package org.nesjam.jmh;
