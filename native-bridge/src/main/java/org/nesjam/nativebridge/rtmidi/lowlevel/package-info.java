/**
 * The JNA mapping of RtMidi's C API, one to one ({@link org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiLibrary}), and
 * direct-mapped versions of the two calls on the hot paths, which pass arguments without allocating
 * ({@link org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiDirect}). Nothing here checks anything: use
 * {@code org.nesjam.nativebridge.rtmidi}.
 * <p>
 * Threads: whatever the calling wrapper's contract says; the mappings themselves hold no state.
 */
package org.nesjam.nativebridge.rtmidi.lowlevel;
