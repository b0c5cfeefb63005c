/**
 * The real-time engine: {@link org.nesjam.host.rt.Engine} runs a plugin chain on an audio backend's thread and is
 * fed from other threads through rings ({@link org.nesjam.plugin.SlotRing}). Scenarios, with the thread each step
 * runs on:
 * <ol>
 *   <li><b>A key is pressed.</b> [midi-in-thread] the MIDI input parses the bytes and calls
 *   {@code engine.publishMidiNanos(packed, arrivalNanos)} (claim/publish on the input ring; a full ring drops
 *   and counts). [audio-thread] at the next cycle the poller drains the ring; the event gets the sample time
 *   {@code cycleStart + (arrival - previousCycleStart) * rate} (jitter-free: exactly one period after it arrived),
 *   goes through the pending buffer and reaches the chain in the block containing that frame, at its offset.</li>
 *   <li><b>A song plays.</b> [feeder-thread] {@code schedule(packed, sampleTime)} for events after
 *   {@link org.nesjam.host.rt.Engine#playheadSampleTime()}; [audio-thread] they wait in the time-ordered pending
 *   buffer until their block. (A generator that plans ahead and rolls back is a plugin with the plugin API's
 *   {@link org.nesjam.plugin.EventSchedule}; the engine never takes an event back.)</li>
 *   <li><b>A knob turns.</b> [control-thread] {@code setParam(id, value)} on the control ring; [audio-thread] a
 *   PARAM event at the next block's first frame (plugins smooth it). Tempo from MIDI clock: {@code setTempo}.</li>
 *   <li><b>Panic.</b> [any-thread] {@code allNotesOff()}: CC 123 and CC 120 on all channels at the next block.</li>
 *   <li><b>The server dies.</b> [any-thread] the backend calls {@code backendStopped(reason)}; [main-thread]
 *   the waiting command prints the reason in one line and calls {@code stop()}, which closes the backend and the
 *   recording without talking to the dead server. A live command then waits for the server to come back and calls
 *   {@code start()} with a fresh backend: the sample clock resumes where it stopped, and a chain the engine does not
 *   own stays active, so nothing the user set up is lost (native-bridge's {@code ServerReturn}).</li>
 * </ol>
 * On the [audio-thread] nothing allocates, locks, logs or does I/O; what it has to report goes to
 * {@link org.nesjam.host.rt.EngineCounters}. The engine's helpers have their own threads: an event source is fed
 * ahead of the playhead on the [feeder-thread] ({@link org.nesjam.host.rt.EventSourceFeeder}), a recording is
 * written on the [recorder-thread] ({@link org.nesjam.host.rt.Recorder}); Ctrl-C stops the engine on a
 * [shutdown-thread].
 */
package org.nesjam.host.rt;
