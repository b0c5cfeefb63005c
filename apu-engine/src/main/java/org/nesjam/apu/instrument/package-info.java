/**
 * The chip as a plugin: {@link org.nesjam.apu.instrument.ApuInstrument} (MIDI in, band-limited audio out, events at
 * their exact sample), its parameters ({@link org.nesjam.apu.instrument.ApuParams}), the NES-MDB MIDI-to-register
 * mapping ({@link org.nesjam.apu.instrument.MidiDriver}) and the same mapping recorded instead of rendered
 * ({@link org.nesjam.apu.instrument.ApuRegisterCapture}, for NSF export).
 * <p>
 * Threads: the plugin contract of {@code org.nesjam.plugin}: {@code process} on the [audio-thread], allocation-free;
 * lifecycle, parameters outside processing and state on the [main-thread].
 */
package org.nesjam.apu.instrument;
