package org.nesjam.nativebridge.rtmidi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What native code writes on fd 2 during a capture is taken, and fd 2 is the process's own again afterwards. */
class NativeStderrTest {
    /** libc's write(2), as libjack and RtMidi print. */
    interface Write extends Library {
        long write(int fd, byte[] bytes, long count);
    }

    private static final Write LIBC = Native.load("c", Write.class);

    private static void nativePrint(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        LIBC.write(2, b, b.length);
    }

    /** Where fd 2 points (Linux). */
    private static Path fd2() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
    }

    @Test
    void nativeLinesAreCapturedAndTheValuePassesThrough() throws Exception {
        Path before = fd2();
        String value = NativeStderr.capture(() -> {
            nativePrint("Cannot connect to server socket err = No such file or directory\n\n");
            nativePrint("MidiInJack::initialize: JACK server not running?\n");
            return "opened";
        });
        assertEquals("opened", value);
        assertEquals(List.of("Cannot connect to server socket err = No such file or directory",
                "MidiInJack::initialize: JACK server not running?"), NativeStderr.lastLines());
        assertEquals(before, fd2(), "fd 2 is the process's own again");
        NativeStderr.capture(() -> null);
        assertEquals(List.of(), NativeStderr.lastLines());
    }

    @Test
    void aFailingCallStillRestoresFd2AndKeepsItsLines() throws Exception {
        Path before = fd2();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeStderr.capture(() -> {
            nativePrint("jack server is not running or cannot be started\n");
            throw new IllegalStateException("no port");
        }));
        assertEquals("no port", e.getMessage());
        assertEquals(List.of("jack server is not running or cannot be started"), NativeStderr.lastLines());
        assertEquals(before, fd2());
    }
}
