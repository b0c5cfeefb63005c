/**
 * RtMidi (librtmidi's C API) made safe to call: the library loaded once or a one-line reason why not
 * ({@link org.nesjam.nativebridge.rtmidi.RtMidiNative}), the back end chosen explicitly
 * ({@link org.nesjam.nativebridge.rtmidi.RtMidiApis}), inputs and outputs whose every failure is an
 * {@link org.nesjam.nativebridge.rtmidi.RtMidiException} line, port names matched the way a user types them, and
 * the JACK server's presence and death detected where RtMidi does not tell.
 * <p>
 * Threads: create, open and close on the [main-thread]; an input is polled (or called back) on a [midi-in-thread];
 * an output is sent to from one thread at a time (a queued output's [midi-out-thread]).
 */
package org.nesjam.nativebridge.rtmidi;
