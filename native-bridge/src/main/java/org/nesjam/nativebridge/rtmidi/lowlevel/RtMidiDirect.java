package org.nesjam.nativebridge.rtmidi.lowlevel;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * JNA direct mapping of the two calls on RtMidi's hot paths, with the same signatures as in {@link RtMidiLibrary}.
 * Direct mapping passes {@link Pointer} and primitive arguments without allocating (the interface mapping boxes
 * arguments and results on every call), so polling every 250 us creates no garbage.
 * Registered once by {@link #register} against the library the loader found.
 */
public final class RtMidiDirect {
    private static volatile boolean registered;

    private RtMidiDirect() {
    }

    /** Binds the natives below to {@code library}. Idempotent. */
    public static synchronized void register(NativeLibrary library) {
        if (!registered) {
            Native.register(RtMidiDirect.class, library);
            registered = true;
        }
    }

    /** {@code double rtmidi_in_get_message(RtMidiInPtr device, unsigned char* message, size_t* size)}. */
    public static native double rtmidi_in_get_message(Pointer device, Pointer message, Pointer size);

    /** {@code int rtmidi_out_send_message(RtMidiOutPtr device, const unsigned char* message, int length)}. */
    public static native int rtmidi_out_send_message(Pointer device, Pointer message, int length);
}
