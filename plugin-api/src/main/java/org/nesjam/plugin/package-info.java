/**
 * The plugin API: everything a plugin author compiles against, and nothing else. A plugin is a
 * {@link org.nesjam.plugin.Plugin} (CLAP-style lifecycle) made by a {@link org.nesjam.plugin.PluginFactory} found
 * with {@code ServiceLoader}; it gets one {@link org.nesjam.plugin.ProcessBlock} per block (planar
 * {@link org.nesjam.plugin.AudioBuffer}, sample-accurate {@link org.nesjam.plugin.EventBuffer} of MIDI and parameter
 * events, {@link org.nesjam.plugin.Transport}); optional extensions are {@link org.nesjam.plugin.Params},
 * {@link org.nesjam.plugin.PluginState} and {@link org.nesjam.plugin.EarlyInput} (the player's live MIDI before its
 * block, numbered so that {@link org.nesjam.plugin.InputCopies} acts on each message once).
 * {@link org.nesjam.plugin.PluginApi#VERSION} is what compatibility is checked against. A generator plugin with a
 * worker thread gets the host's real-time plumbing here too: {@link org.nesjam.plugin.SlotRing} (lock-free rings
 * between threads, usually of {@link org.nesjam.plugin.TimedEvent}s), {@link org.nesjam.plugin.EventSchedule}
 * (events the worker schedules ahead of the playhead, with rollback by epoch) and its
 * {@link org.nesjam.plugin.PendingEvents}. No dependency on the host: a plugin jar needs this package only (and the
 * LMAX Disruptor the rings run on).
 * <p>
 * Threads: {@code process} runs on the [audio-thread] and must not allocate, lock or do I/O; the lifecycle calls and
 * extensions outside processing come from one [main-thread] at a time (see {@link org.nesjam.plugin.Plugin}). The
 * buffers here are allocated by the host at activation and reused every block. An {@code EventSchedule} is written
 * by one [generator-thread] and read on the [audio-thread]; {@code EarlyInput} is called on [midi-in-thread]s.
 */
package org.nesjam.plugin;
