/**
 * Standard MIDI Files: {@link org.nesjam.midi.MidiFile} reads format 0, 1 and 2 (bad content is one
 * {@link org.nesjam.midi.MidiFormatException} line, never a hang), {@link org.nesjam.midi.MidiFileWriter} writes
 * format 1, {@link org.nesjam.midi.TempoMap} converts ticks to seconds. Live MIDI bytes are
 * {@code org.nesjam.midi.live}'s.
 * <p>
 * Threads: the caller's ([main-thread] for the commands, a dataset worker offline); files and maps are immutable
 * once read.
 */
package org.nesjam.midi;
