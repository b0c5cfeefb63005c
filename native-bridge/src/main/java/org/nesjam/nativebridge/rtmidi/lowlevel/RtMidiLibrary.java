package org.nesjam.nativebridge.rtmidi.lowlevel;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * One-to-one JNA mapping of RtMidi 5.0.0's C API, {@code rtmidi/rtmidi_c.h} (Debian {@code librtmidi6}; the 6.x
 * C API keeps these signatures). Nothing here checks anything: use the wrapper in
 * {@code org.nesjam.nativebridge.rtmidi}, which resets and reads the {@code ok} flag around every call.
 * <p>
 * Facts that shape this mapping (measured, see {@code shared/reference/rtmidi-jack.md}):
 * <ul>
 *   <li>{@code RtMidiPtr}/{@code RtMidiInPtr}/{@code RtMidiOutPtr} are {@code struct RtMidiWrapper*} =
 *   {@code {void* ptr; void* data; bool ok; const char* msg;}}. They stay raw {@link Pointer}s: a JNA
 *   {@code Structure} would write its stale copy back before each call and clobber {@code data}, which
 *   {@code rtmidi_in_set_callback} fills natively. Read {@code ok} as a byte at {@link #OK_OFFSET}.</li>
 *   <li>{@code msg} dangles after the call that set it: never read it.</li>
 *   <li>A failed create returns a wrapper whose {@code ptr} ({@link #PTR_OFFSET}) is NULL; any other call on it
 *   dereferences NULL.</li>
 *   <li>NULL {@code const char*} names crash (they become {@code std::string}).</li>
 *   <li>{@code rtmidi_error} is exported C++-mangled in 5.0.0 and is not mapped.</li>
 *   <li>{@code enum RtMidiApi} is passed as {@code int}; {@code size_t} as {@code long} (64-bit platforms only,
 *   checked by the loader); {@code bool} arguments as a {@code byte} 0 or 1 (a JNA {@code boolean} true is not
 *   1 and corrupts RtMidi's flag arithmetic).</li>
 * </ul>
 */
public interface RtMidiLibrary extends Library {

    /** Byte offset of {@code void* ptr} in {@code struct RtMidiWrapper}. */
    long PTR_OFFSET = 0;
    /** Byte offset of {@code void* data}. */
    long DATA_OFFSET = com.sun.jna.Native.POINTER_SIZE;
    /** Byte offset of {@code bool ok}. */
    long OK_OFFSET = 2L * com.sun.jna.Native.POINTER_SIZE;

    /** {@code enum RtMidiApi}. */
    int RTMIDI_API_UNSPECIFIED = 0;
    int RTMIDI_API_MACOSX_CORE = 1;
    int RTMIDI_API_LINUX_ALSA = 2;
    int RTMIDI_API_UNIX_JACK = 3;
    int RTMIDI_API_WINDOWS_MM = 4;
    int RTMIDI_API_RTMIDI_DUMMY = 5;
    int RTMIDI_API_NUM = 6;

    /** {@code enum RtMidiErrorType}. */
    int RTMIDI_ERROR_WARNING = 0;
    int RTMIDI_ERROR_DEBUG_WARNING = 1;
    int RTMIDI_ERROR_UNSPECIFIED = 2;
    int RTMIDI_ERROR_NO_DEVICES_FOUND = 3;
    int RTMIDI_ERROR_INVALID_DEVICE = 4;
    int RTMIDI_ERROR_MEMORY_ERROR = 5;
    int RTMIDI_ERROR_INVALID_PARAMETER = 6;
    int RTMIDI_ERROR_INVALID_USE = 7;
    int RTMIDI_ERROR_DRIVER_ERROR = 8;
    int RTMIDI_ERROR_SYSTEM_ERROR = 9;
    int RTMIDI_ERROR_THREAD_ERROR = 10;

    /**
     * {@code typedef void(* RtMidiCCallback)(double timeStamp, const unsigned char* message, size_t messageSize,
     * void* userData)}. Runs on the API's input thread (JACK's real-time thread with the JACK API).
     * {@code message} is valid only during the call; {@code timeStamp} is seconds since the previous message.
     */
    interface RtMidiCCallback extends Callback {
        void invoke(double timeStamp, Pointer message, long messageSize, Pointer userData);
    }

    /** {@code int rtmidi_get_compiled_api(enum RtMidiApi* apis, unsigned int apis_size)}; NULL apis: count. */
    int rtmidi_get_compiled_api(int[] apis, int apisSize);

    /** {@code const char* rtmidi_api_name(enum RtMidiApi api)}. Static string. */
    String rtmidi_api_name(int api);

    /** {@code const char* rtmidi_api_display_name(enum RtMidiApi api)}. Static string. */
    String rtmidi_api_display_name(int api);

    /** {@code enum RtMidiApi rtmidi_compiled_api_by_name(const char* name)}. */
    int rtmidi_compiled_api_by_name(String name);

    /** {@code void rtmidi_open_port(RtMidiPtr device, unsigned int portNumber, const char* portName)}. */
    void rtmidi_open_port(Pointer device, int portNumber, String portName);

    /** {@code void rtmidi_open_virtual_port(RtMidiPtr device, const char* portName)}. */
    void rtmidi_open_virtual_port(Pointer device, String portName);

    /** {@code void rtmidi_close_port(RtMidiPtr device)}. */
    void rtmidi_close_port(Pointer device);

    /** {@code unsigned int rtmidi_get_port_count(RtMidiPtr device)}. */
    int rtmidi_get_port_count(Pointer device);

    /**
     * {@code int rtmidi_get_port_name(RtMidiPtr device, unsigned int portNumber, char* bufOut, int* bufLen)}.
     * With NULL {@code bufOut} it stores the needed length (terminator included) in {@code *bufLen}.
     */
    int rtmidi_get_port_name(Pointer device, int portNumber, byte[] bufOut, int[] bufLen);

    /** {@code RtMidiInPtr rtmidi_in_create_default(void)}. Tries ALSA first: avoid, pass an API explicitly. */
    Pointer rtmidi_in_create_default();

    /** {@code RtMidiInPtr rtmidi_in_create(enum RtMidiApi api, const char* clientName, unsigned int queueSizeLimit)}. */
    Pointer rtmidi_in_create(int api, String clientName, int queueSizeLimit);

    /** {@code void rtmidi_in_free(RtMidiInPtr device)}. */
    void rtmidi_in_free(Pointer device);

    /** {@code enum RtMidiApi rtmidi_in_get_current_api(RtMidiPtr device)}. */
    int rtmidi_in_get_current_api(Pointer device);

    /** {@code void rtmidi_in_set_callback(RtMidiInPtr device, RtMidiCCallback callback, void* userData)}. */
    void rtmidi_in_set_callback(Pointer device, RtMidiCCallback callback, Pointer userData);

    /** {@code void rtmidi_in_cancel_callback(RtMidiInPtr device)}. */
    void rtmidi_in_cancel_callback(Pointer device);

    /**
     * {@code void rtmidi_in_ignore_types(RtMidiInPtr device, bool midiSysex, bool midiTime, bool midiSense)}.
     * Pass exactly 0 or 1: the {@code bool}s are combined arithmetically into a flag byte, and a JNA
     * {@code boolean} true (not 1) turned every flag on in this project's measurement (MIDI clock stayed ignored).
     */
    void rtmidi_in_ignore_types(Pointer device, byte midiSysex, byte midiTime, byte midiSense);

    /**
     * {@code double rtmidi_in_get_message(RtMidiInPtr device, unsigned char* message, size_t* size)}. Set
     * {@code *size} to the capacity of {@code message} before each call; 0 on return means no message.
     */
    double rtmidi_in_get_message(Pointer device, Pointer message, Pointer size);

    /** {@code RtMidiOutPtr rtmidi_out_create_default(void)}. Tries ALSA first: avoid. */
    Pointer rtmidi_out_create_default();

    /** {@code RtMidiOutPtr rtmidi_out_create(enum RtMidiApi api, const char* clientName)}. */
    Pointer rtmidi_out_create(int api, String clientName);

    /** {@code void rtmidi_out_free(RtMidiOutPtr device)}. */
    void rtmidi_out_free(Pointer device);

    /** {@code enum RtMidiApi rtmidi_out_get_current_api(RtMidiPtr device)}. */
    int rtmidi_out_get_current_api(Pointer device);

    /** {@code int rtmidi_out_send_message(RtMidiOutPtr device, const unsigned char* message, int length)}. */
    int rtmidi_out_send_message(Pointer device, Pointer message, int length);
}
