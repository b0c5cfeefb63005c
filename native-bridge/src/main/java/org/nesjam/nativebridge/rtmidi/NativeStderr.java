package org.nesjam.nativebridge.rtmidi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Captures what native code (libjack, RtMidi's C++ {@code std::cerr}) writes on file descriptor 2 while a call
 * runs, so the caller can say it in one line instead of letting dozens of lines reach the user: fd 2 is pointed at a
 * temporary file ({@code dup2}) for the call and restored afterwards. Anything else the process writes on fd 2 in
 * that time (other threads' {@code System.err}) is captured too, so keep the calls short (opening ports). Where libc
 * cannot be loaded the call runs uncaptured. [main-thread; one capture at a time (synchronized)]
 */
public final class NativeStderr {
    /** The libc calls needed. */
    interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags, int mode);

        int close(int fd);

        int fflush(Pointer stream);
    }

    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static LibC libc;
    private static boolean tried;

    private NativeStderr() {
    }

    private static synchronized LibC libc() {
        if (!tried) {
            tried = true;
            try {
                libc = Native.load("c", LibC.class);
            } catch (LinkageError | RuntimeException e) {
                libc = null;
            }
        }
        return libc;
    }

    /**
     * Runs {@code call} with fd 2 captured and returns its value; the captured lines are then {@link #lastLines()}.
     * Its exceptions pass through after fd 2 is restored.
     */
    public static synchronized <T> T capture(Callable<T> call) throws Exception {
        LibC c = libc();
        Path file = null;
        int saved = -1;
        if (c != null) {
            try {
                file = Files.createTempFile("nesjam-stderr", ".txt");
                int fd = c.open(file.toString(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                if (fd >= 0) {
                    System.err.flush();
                    saved = c.dup(2);
                    if (saved >= 0) {
                        c.dup2(fd, 2);
                    }
                    c.close(fd);
                }
            } catch (IOException e) {
                file = null;
            }
        }
        try {
            return call.call();
        } finally {
            if (saved >= 0) {
                System.err.flush();
                c.fflush(null);
                c.dup2(saved, 2);
                c.close(saved);
            }
            if (file != null) {
                List<String> lines = new ArrayList<>();
                try {
                    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (!l.isBlank()) {
                            lines.add(l.strip());
                        }
                    }
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // nothing captured to report
                }
                LAST.set(lines);
            }
        }
    }

    private static final ThreadLocal<List<String>> LAST = ThreadLocal.withInitial(List::of);

    /** The lines the last {@link #capture} on this thread took from fd 2 (also when the call threw). */
    public static List<String> lastLines() {
        return LAST.get();
    }
}
