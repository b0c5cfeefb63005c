/**
 * MIDI devices for the live commands: opening ports from what the user typed ({@link
 * org.nesjam.nativebridge.midi.MidiPorts}: RtMidi virtual and named ports, Java Sound devices), inputs that feed a
 * {@code MidiInputPipeline}, outputs that never block their caller ({@link
 * org.nesjam.nativebridge.midi.QueuedMidiOutput}), the MIDI clock's tempo fed to the engine
 * ({@link org.nesjam.nativebridge.midi.MidiTempoFeed}), and everything a live command opens and closes together
 * ({@link org.nesjam.nativebridge.midi.LiveMidi}).
 * <p>
 * Threads: ports are opened and closed on the [main-thread]; input bytes arrive on a [midi-in-thread] (a poller
 * raised to real-time priority when allowed, {@link org.nesjam.nativebridge.midi.RealtimeThreads}); outputs take
 * messages from any thread, the [audio-thread] included, and send them on their [midi-out-thread]; the tempo feed
 * has its [tempo-feed-thread].
 */
package org.nesjam.nativebridge.midi;
