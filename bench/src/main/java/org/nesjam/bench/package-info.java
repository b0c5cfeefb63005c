/**
 * What the {@code nesjam bench} commands measure with: {@link org.nesjam.bench.Percentiles} (the one percentile
 * definition of every report), model throughput and latency ({@link org.nesjam.bench.GenBenchmark}, {@code bench gen}),
 * one-way MIDI latency through RtMidi and JACK ({@link org.nesjam.bench.MidiLatencyBench}, {@code bench midi}) and the
 * whole live path from a MIDI note to its sound on JACK ({@link org.nesjam.bench.MidiToAudioBench}, {@code bench midi
 * --to-audio}, {@code bench audio latency}). The commands themselves, their options and reports are app's; the
 * measuring peers are in {@code org.nesjam.nativebridge.probe} and the probe instrument in {@code
 * org.nesjam.host.probe}. Micro-benchmarks are the jmh module's.
 * <p>
 * Threads: a benchmark runs on the caller's [main-thread] and starts what it measures (engine, JACK clients, MIDI
 * peers), which run on their own threads; nothing here runs in the live commands.
 */
package org.nesjam.bench;
