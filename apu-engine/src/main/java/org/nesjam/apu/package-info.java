/**
 * The 2A03 APU chip (this project's only "engine"): {@link org.nesjam.apu.Apu} (two pulses, triangle, noise, frame
 * counter; register writes in CPU-cycle time, event-driven), the non-linear {@link org.nesjam.apu.Mixer}, the
 * {@link org.nesjam.apu.OutputFilter}s of the consoles, and {@link org.nesjam.apu.ApuSynth}, which puts them on a
 * sample-time axis with band-limited synthesis. {@link org.nesjam.apu.ApuWriteLog} records writes instead of
 * rendering them (NSF export).
 * <p>
 * Threads: confined to the owner's thread, which is the [audio-thread] when the instrument plays live (rendering
 * allocates nothing after construction) and the [main-thread] offline. Nothing here is shared between threads.
 */
package org.nesjam.apu;
