package org.nesjam.nativebridge.rtmidi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.ArrayList;
import java.util.List;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiDirect;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiLibrary;

/**
 * Loads the RtMidi shared library once. When it is missing (or is not a usable version) every MIDI feature that
 * needs it is disabled and {@link #unavailableReason()} says why in one line; nothing crashes.
 * [thread-safe]
 */
public final class RtMidiNative {
    /** Library names tried in order: the development link name, then the sonames of RtMidi 5 and 6 on Linux. */
    private static final String[] NAMES = Platform.isLinux()
            ? new String[] {"rtmidi", "librtmidi.so.6", "librtmidi.so.7"}
            : new String[] {"rtmidi"};

    private static final Object LOCK = new Object();
    private static volatile RtMidiLibrary library;
    private static volatile String failure;

    private RtMidiNative() {
    }

    /** The loaded library. */
    public static RtMidiLibrary library() throws RtMidiException {
        RtMidiLibrary lib = library;
        if (lib != null) {
            return lib;
        }
        synchronized (LOCK) {
            if (library == null && failure == null) {
                load();
            }
            if (library == null) {
                throw new RtMidiException(failure);
            }
            return library;
        }
    }

    /** True when the library loaded. */
    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Null when RtMidi is usable, else one line saying why not. */
    public static String unavailableReason() {
        try {
            library();
            return null;
        } catch (RtMidiException e) {
            return e.getMessage();
        }
    }

    private static void load() {
        String problem = tryLoad(NAMES);
        if (problem != null) {
            failure = problem;
        }
    }

    /**
     * Loads the first of {@code names} that works and makes it {@link #library}; returns null on success, else the
     * one-line reason. Package-private so tests can check the "library missing" message with a name that does not
     * exist (the cached library is then left alone).
     */
    static String tryLoad(String... names) {
        if (Native.SIZE_T_SIZE != 8) {
            return "RtMidi binding needs a 64-bit platform (size_t is " + Native.SIZE_T_SIZE + " bytes here)";
        }
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                RtMidiLibrary lib = Native.load(name, RtMidiLibrary.class);
                int count = lib.rtmidi_get_compiled_api(null, 0);
                if (count < 0) {
                    errors.add(name + ": rtmidi_get_compiled_api failed");
                    continue;
                }
                if (library == null) {
                    RtMidiDirect.register(NativeLibrary.getInstance(name));
                    library = lib;
                }
                return null;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                errors.add(name);
            }
        }
        return "RtMidi library not found (tried " + String.join(", ", errors)
                + "); MIDI through RtMidi is disabled. Install it, e.g. 'apt-get install librtmidi6'";
    }

    /** The back ends this RtMidi build supports, e.g. [LINUX_ALSA, UNIX_JACK]. */
    public static List<RtMidiApi> compiledApis() throws RtMidiException {
        RtMidiLibrary lib = library();
        int n = lib.rtmidi_get_compiled_api(null, 0);
        if (n <= 0) {
            return List.of();
        }
        int[] codes = new int[n];
        int written = lib.rtmidi_get_compiled_api(codes, n);
        List<RtMidiApi> apis = new ArrayList<>();
        for (int i = 0; i < Math.min(n, Math.max(written, 0)); i++) {
            apis.add(RtMidiApi.ofCode(codes[i]));
        }
        return List.copyOf(apis);
    }
}
