package org.nesjam.nativebridge.rtmidi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Is a JACK server running (the one {@code $JACK_DEFAULT_SERVER} names, else "default")? Used to choose RtMidi's
 * back end. On Linux a JACK2 server leaves a socket {@code /dev/shm/jack_<server>_<uid>_0}; when that is absent the
 * answer is "no" without touching libjack (which would print errors). Otherwise a client is opened with
 * {@code JackNoStartServer} and closed again. [main-thread]
 */
public final class JackProbe {
    private JackProbe() {
    }

    /** The server name clients connect to. */
    public static String serverName() {
        String s = System.getenv("JACK_DEFAULT_SERVER");
        return s == null || s.isEmpty() ? "default" : s;
    }

    /** True when a client could connect to the JACK server just now. Never throws. */
    public static boolean serverRunning() {
        if (isLinux() && !socketPresent()) {
            return false;
        }
        try {
            EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
            JackClient c = Jack.getInstance().openClient("nesjam-probe",
                    EnumSet.of(JackOptions.JackNoStartServer), status);
            c.close();
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }

    private static boolean socketPresent() {
        String server = serverName();
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            String tmp = "/dev/shm";
            return Files.exists(Path.of(tmp, "jack_" + server + "_" + uid + "_0"))
                    || Files.isDirectory(Path.of(tmp, "jack-" + uid, server)); // JACK1 layout
        } catch (Exception | Error e) {
            return true; // cannot tell: ask libjack
        }
    }
}
