/**
 * Live MIDI bytes from a device to packed messages: {@link org.nesjam.midi.live.MidiStreamParser} (running status,
 * sysex, real-time bytes anywhere), {@link org.nesjam.midi.live.MidiClock} (tempo and transport from MIDI clock), and
 * {@link org.nesjam.midi.live.MidiInputPipeline}, which one input runs its bytes through to a
 * {@link org.nesjam.midi.live.MidiReceiver}. Device access itself is native-bridge's.
 * <p>
 * Threads: bytes arrive on a [midi-in-thread] (RtMidi's or Java Sound's delivery; possibly JACK's real-time thread),
 * one thread per input at a time; parsing allocates nothing and never blocks. The clock's tempo is read from any
 * thread.
 */
package org.nesjam.midi.live;
