/**
 * Band-limited synthesis for the chip: {@link org.nesjam.apu.blip.BlipBuffer} turns amplitude steps at CPU-cycle
 * times into alias-free samples through {@link org.nesjam.apu.blip.BlipKernel}'s tabulated band-limited impulse.
 * <p>
 * Threads: a buffer is confined to its {@link org.nesjam.apu.ApuSynth}'s thread ([audio-thread] live, allocation-free
 * after construction); kernels are immutable and shared.
 */
package org.nesjam.apu.blip;
