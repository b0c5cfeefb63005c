package org.nesjam.nativebridge.rtmidi;

import java.util.Locale;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiLibrary;

/** RtMidi's back ends ({@code enum RtMidiApi}), with the short names users type ({@code --midi-api jack}). */
public enum RtMidiApi {
    UNSPECIFIED(RtMidiLibrary.RTMIDI_API_UNSPECIFIED, "unspecified"),
    MACOSX_CORE(RtMidiLibrary.RTMIDI_API_MACOSX_CORE, "core"),
    LINUX_ALSA(RtMidiLibrary.RTMIDI_API_LINUX_ALSA, "alsa"),
    UNIX_JACK(RtMidiLibrary.RTMIDI_API_UNIX_JACK, "jack"),
    WINDOWS_MM(RtMidiLibrary.RTMIDI_API_WINDOWS_MM, "winmm"),
    DUMMY(RtMidiLibrary.RTMIDI_API_RTMIDI_DUMMY, "dummy");

    /** The C enum value. */
    public final int code;
    /** Short name, as RtMidi's {@code rtmidi_api_name} spells it. */
    public final String shortName;

    RtMidiApi(int code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    public static RtMidiApi ofCode(int code) {
        for (RtMidiApi a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        return UNSPECIFIED;
    }

    /** Parses {@code jack}, {@code alsa}, {@code core}, {@code winmm} (case-insensitive), or null if unknown. */
    public static RtMidiApi parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (RtMidiApi a : values()) {
            if (a.shortName.equals(n) || a.name().toLowerCase(Locale.ROOT).equals(n)) {
                return a;
            }
        }
        return null;
    }
}
