package org.nesjam.nativebridge.rtmidi;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiLibrary;

/**
 * What RtMidi's input and output objects share: the native handle, port listing, opening a port by index or by
 * name, virtual ports, and the {@code ok}-flag check that turns every failure into an {@link RtMidiException}.
 * <p>
 * Ownership: the object owns its native handle and frees it in {@link #close()} (idempotent). Threads:
 * [main-thread] (any one non-real-time thread at a time; the methods are synchronized). Each instance is its own
 * client of the MIDI system (with JACK: its own JACK client, named after {@code clientName}, or
 * {@code clientName-01}... when the name is taken).
 */
public abstract class RtMidiPort implements AutoCloseable {
    private static final int NAME_CAPACITY = 1024;

    protected final RtMidiLibrary lib;
    protected final RtMidiApi api;
    protected final String clientName;
    /** {@code struct RtMidiWrapper*}; null after close. */
    protected Pointer handle;
    private volatile boolean portOpen;
    private String openedAs = "";

    RtMidiPort(RtMidiLibrary lib, Pointer handle, RtMidiApi api, String clientName) {
        this.lib = lib;
        this.handle = handle;
        this.api = api;
        this.clientName = clientName;
    }

    /** "input" or "output", for messages. */
    abstract String direction();

    /** Frees the native object ({@code rtmidi_in_free} / {@code rtmidi_out_free}). */
    abstract void free(Pointer h);

    /** Checks the name RtMidi will turn into a {@code std::string} (NULL crashes it). */
    static String requireName(String name, String what) throws RtMidiException {
        if (name == null || name.isEmpty()) {
            throw new RtMidiException(what + " must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new RtMidiException(what + " must not contain NUL characters");
        }
        return name;
    }

    /**
     * A new native object of {@code api} for client {@code clientName}: checks the name and the API, calls
     * {@code create}, and refuses the object RtMidi returns when it fell back to another compiled API (it does that
     * silently when the one asked for is missing). {@code what} is "input" or "output", for messages.
     */
    static Pointer createChecked(RtMidiApi api, String clientName, String what, Function<String, Pointer> create,
                                 ToIntFunction<Pointer> currentApi, Consumer<Pointer> free) throws RtMidiException {
        requireName(clientName, "client name");
        if (api == RtMidiApi.UNSPECIFIED) {
            throw new RtMidiException("pass an RtMidi API explicitly (the default tries ALSA first)");
        }
        if (!RtMidiNative.compiledApis().contains(api)) {
            throw noSupport(api);
        }
        Pointer h = create.apply(clientName);
        checkCreated(h, "RtMidi " + api.shortName + " " + what + " '" + clientName + "'");
        if (currentApi.applyAsInt(h) != api.code) {
            free.accept(h);
            throw noSupport(api);
        }
        return h;
    }

    private static RtMidiException noSupport(RtMidiApi api) throws RtMidiException {
        return new RtMidiException("RtMidi has no " + api.shortName + " support in this build (compiled: "
                + RtMidiNative.compiledApis() + ")");
    }

    /** After a create: a NULL {@code ptr} or {@code ok == false} means it failed. */
    static void checkCreated(Pointer h, String call) throws RtMidiException {
        if (h == null) {
            throw new RtMidiException(call + " returned NULL");
        }
        if (h.getPointer(RtMidiLibrary.PTR_OFFSET) == null || h.getByte(RtMidiLibrary.OK_OFFSET) == 0) {
            // The wrapper (but not a NULL RtMidi object) leaks here: freeing it is not safe in every version.
            throw new RtMidiException(call + " failed (RtMidi's reason, if any, is on stderr)");
        }
    }

    protected Pointer live() throws RtMidiException {
        Pointer h = handle;
        if (h == null) {
            throw new RtMidiException("RtMidi " + direction() + " '" + clientName + "' is closed");
        }
        return h;
    }

    /** Sets {@code ok = true} before a call whose outcome we check. */
    protected static void resetOk(Pointer h) {
        h.setByte(RtMidiLibrary.OK_OFFSET, (byte) 1);
    }

    /** Throws when the call that just ran set {@code ok = false}. */
    protected void check(Pointer h, String call) throws RtMidiException {
        if (h.getByte(RtMidiLibrary.OK_OFFSET) == 0) {
            throw new RtMidiException("RtMidi " + api.shortName + " " + direction() + " '" + clientName + "': "
                    + call + " failed (RtMidi's reason, if any, is on stderr)");
        }
    }

    public RtMidiApi api() {
        return api;
    }

    public String clientName() {
        return clientName;
    }

    /** Number of ports this object could connect to (outputs of others for an input, and vice versa). */
    public synchronized int portCount() throws RtMidiException {
        Pointer h = live();
        resetOk(h);
        int n = lib.rtmidi_get_port_count(h);
        check(h, "rtmidi_get_port_count");
        return Math.max(n, 0);
    }

    /** Name of port {@code index}; empty if there is no such port (RtMidi only warns on stderr then). */
    public synchronized String portName(int index) throws RtMidiException {
        Pointer h = live();
        byte[] buf = new byte[NAME_CAPACITY];
        int[] len = {buf.length};
        resetOk(h);
        int needed = lib.rtmidi_get_port_name(h, index, buf, len);
        check(h, "rtmidi_get_port_name(" + index + ")");
        if (needed >= buf.length) { // snprintf semantics: the name was cut; ask again with room for it
            buf = new byte[needed + 1];
            len[0] = buf.length;
            resetOk(h);
            lib.rtmidi_get_port_name(h, index, buf, len);
            check(h, "rtmidi_get_port_name(" + index + ")");
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Every port name now (the list can change at any time; indices are not stable). */
    public synchronized List<String> portNames() throws RtMidiException {
        int n = portCount();
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(portName(i));
        }
        return names;
    }

    /**
     * Connects to port {@code index} through a port of our own named {@code ownPortName}. RtMidi silently
     * ignores an out-of-range index, so it is checked here first.
     */
    public synchronized void openPort(int index, String ownPortName) throws RtMidiException {
        requireName(ownPortName, "port name");
        Pointer h = live();
        if (portOpen) {
            throw new RtMidiException("RtMidi " + direction() + " '" + clientName + "' already has a port open ("
                    + openedAs + ")");
        }
        int count = portCount();
        if (index < 0 || index >= count) {
            throw new RtMidiException("no " + direction() + " port #" + index + " (there are " + count + ")");
        }
        resetOk(h);
        lib.rtmidi_open_port(h, index, ownPortName);
        check(h, "rtmidi_open_port(" + index + ")");
        portOpen = true;
        openedAs = "port #" + index;
    }

    /**
     * Connects to the port that {@code wanted} names (see {@link PortNames#pick}) and returns its full name. The
     * list order changes when ports come and go, so the name at the chosen index is read again right before
     * opening; a mismatch is retried a few times.
     */
    public synchronized String openPortByName(String wanted, String ownPortName) throws RtMidiException {
        requireName(ownPortName, "port name");
        Pointer h = live();
        if (portOpen) {
            throw new RtMidiException("RtMidi " + direction() + " '" + clientName + "' already has a port open ("
                    + openedAs + ")");
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            List<String> names = portNames();
            int index = PortNames.pick(names, wanted, direction().equals("input") ? "MIDI source" : "MIDI sink");
            String chosen = names.get(index);
            if (!portName(index).equals(chosen)) {
                continue; // the list changed under us
            }
            resetOk(h);
            lib.rtmidi_open_port(h, index, ownPortName);
            check(h, "rtmidi_open_port(" + index + " '" + chosen + "')");
            portOpen = true;
            openedAs = chosen;
            return chosen;
        }
        throw new RtMidiException("the " + direction() + " port list kept changing while connecting to '"
                + wanted + "'");
    }

    /** Creates a port others can connect to: with JACK {@code <client>:<portName>}, with ALSA a sequencer port. */
    public synchronized void openVirtualPort(String portName) throws RtMidiException {
        requireName(portName, "virtual port name");
        Pointer h = live();
        if (portOpen) {
            throw new RtMidiException("RtMidi " + direction() + " '" + clientName + "' already has a port open ("
                    + openedAs + ")");
        }
        resetOk(h);
        lib.rtmidi_open_virtual_port(h, portName);
        check(h, "rtmidi_open_virtual_port('" + portName + "')");
        portOpen = true;
        openedAs = "virtual port '" + portName + "'";
    }

    /** Closes the open port, if any. */
    public synchronized void closePort() throws RtMidiException {
        Pointer h = live();
        if (!portOpen) {
            return;
        }
        portOpen = false;
        resetOk(h);
        lib.rtmidi_close_port(h);
        check(h, "rtmidi_close_port");
    }

    /** True between a successful open and {@link #closePort}/{@link #close}. */
    public boolean isPortOpen() {
        return portOpen;
    }

    /** What is open: "port #3", a full port name, or "virtual port 'in'"; empty when nothing is. */
    public synchronized String openedAs() {
        return portOpen ? openedAs : "";
    }

    /**
     * Longest JACK period we expect (1024 frames at 44.1 kHz is 23 ms) plus margin: after the port is closed, this
     * long a wait lets every process cycle that still saw the port finish before the native object is freed.
     */
    static final long QUIESCE_MILLIS = 50;

    /**
     * Frees the native object (closing its port and its JACK client). Idempotent; never throws.
     * <p>
     * Order matters with RtMidi 5.0.0 + JACK: its destructors free the output ring buffer (and
     * {@code rtmidi_in_free} the callback proxy) <i>before</i> closing the JACK client, so a process cycle running
     * at that moment reads freed memory (a SIGSEGV in memcpy on JACK's thread, seen in this project's tests). So:
     * cancel the callback, close the port (the process callbacks then return at once), wait
     * {@link #QUIESCE_MILLIS} for cycles in flight, then free.
     */
    @Override
    public synchronized void close() {
        Pointer h = handle;
        if (h == null) {
            return;
        }
        handle = null;
        boolean wasOpen = portOpen;
        portOpen = false;
        beforeFree(h);
        if (wasOpen) {
            resetOk(h);
            lib.rtmidi_close_port(h);
            if (api == RtMidiApi.UNIX_JACK) {
                try {
                    Thread.sleep(QUIESCE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        free(h);
        afterFree();
    }

    /** Hook before the native object is freed. */
    void beforeFree(Pointer h) {
    }

    /** Hook after the native object is freed (e.g. drop the callback reference, now that nothing can call it). */
    void afterFree() {
    }
}
