package org.nesjam.nativebridge.rtmidi;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.concurrent.atomic.AtomicLong;
import org.nesjam.midi.live.MidiByteSink;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiDirect;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiLibrary;
import org.nesjam.threads.NesjamThread;

/**
 * An RtMidi input ({@code RtMidiIn}): messages arrive either through a callback ({@link #setCallback}) or by
 * polling ({@link #poll}); not both.
 * <p>
 * <b>Prefer polling with JACK.</b> Measured on RtMidi 5.0.0 + JACK2 1.9.21 (reproduced in plain C): when the
 * callback is slow (the first JNA calls take about 0.5 ms each; the first one 4-6 ms), the JACK cycle can end
 * while several events of one cycle are still being handed out; RtMidi ignores {@code jack_midi_event_get}'s error
 * and delivers the <i>first event's bytes again</i> for the rest of them. The very first callback (thread attach)
 * overruns its cycle, and the MIDI of the next cycle is lost (measured: 1 of 60 notes). Polling is immune: RtMidi's
 * C++ code copies each event into its queue inside the cycle. A Java callback on JACK's real-time thread also stalls the
 * whole JACK graph whenever the JVM pauses the thread.
 * <p>
 * Callback contract: the {@link MidiByteSink} runs on RtMidi's input thread (JACK's real-time process thread with the
 * JACK API), stamped with {@link System#nanoTime()} on arrival. The JNA callback object is held in a field until
 * after {@code rtmidi_in_free} (a collected callback silently delivers nothing); the thread stays attached to the
 * JVM between calls ({@link CallbackThreadInitializer}, daemon, no detach), so only the first call pays the attach
 * (a few ms). Bytes are copied into a preallocated array in chunks (valid only during the call), and everything
 * the sink throws is caught and counted ({@link #callbackErrors()}): nothing propagates into C.
 */
public final class RtMidiIn extends RtMidiPort {
    /** Chunk size for copying message bytes out of native memory. */
    private static final int CHUNK = 1024;
    /** Poll buffer: larger than any JACK MIDI event (RtMidi drops a message that does not fit). */
    private static final int POLL_CAPACITY = 65536;

    private RtMidiLibrary.RtMidiCCallback callback;
    private final AtomicLong callbackErrors = new AtomicLong();
    private volatile long callbacks;
    private Memory pollBuffer;
    private Memory pollSize;

    private RtMidiIn(RtMidiLibrary lib, Pointer h, RtMidiApi api, String clientName) {
        super(lib, h, api, clientName);
    }

    /**
     * Creates an input client. With JACK this succeeds even without a server; that failure shows when a port
     * is opened.
     *
     * @param queueSizeLimit messages RtMidi queues for {@link #poll} (ignored with a callback), e.g. 1024
     */
    public static RtMidiIn create(RtMidiApi api, String clientName, int queueSizeLimit) throws RtMidiException {
        RtMidiLibrary lib = RtMidiNative.library();
        Pointer h = createChecked(api, clientName, "input",
                name -> lib.rtmidi_in_create(api.code, name, Math.max(1, queueSizeLimit)),
                lib::rtmidi_in_get_current_api, lib::rtmidi_in_free);
        return new RtMidiIn(lib, h, api, clientName);
    }

    @Override
    String direction() {
        return "input";
    }

    @Override
    void free(Pointer h) {
        lib.rtmidi_in_free(h);
    }

    @Override
    void beforeFree(Pointer h) {
        if (callback != null) {
            resetOk(h);
            lib.rtmidi_in_cancel_callback(h); // before the proxy is deleted by rtmidi_in_free
        }
    }

    @Override
    void afterFree() {
        callback = null; // only now: the native side can no longer call it
    }

    /**
     * Which message kinds RtMidi drops before they reach us. RtMidi's default ignores all three; nesjam wants MIDI
     * clock ({@code ignoreTime = false}).
     */
    public synchronized void ignoreTypes(boolean sysex, boolean time, boolean sense) throws RtMidiException {
        Pointer h = live();
        resetOk(h);
        lib.rtmidi_in_ignore_types(h, (byte) (sysex ? 1 : 0), (byte) (time ? 1 : 0), (byte) (sense ? 1 : 0));
        check(h, "rtmidi_in_ignore_types");
    }

    /** Delivers every incoming message to {@code sink} on RtMidi's input thread (see the class comment). */
    public synchronized void setCallback(MidiByteSink sink) throws RtMidiException {
        if (sink == null) {
            throw new IllegalArgumentException("sink is null");
        }
        Pointer h = live();
        if (callback != null) {
            throw new RtMidiException("RtMidi input '" + clientName + "' already has a callback");
        }
        RtMidiLibrary.RtMidiCCallback cb = new CopyingCallback(sink, callbackErrors, this);
        Native.setCallbackThreadInitializer(cb,
                new CallbackThreadInitializer(true, false, NesjamThread.MIDI_IN.threadName(clientName)));
        callback = cb;
        resetOk(h);
        lib.rtmidi_in_set_callback(h, cb, null);
        check(h, "rtmidi_in_set_callback");
    }

    /** Stops the callback (the callback object stays referenced until {@link #close()}). */
    public synchronized void cancelCallback() throws RtMidiException {
        Pointer h = live();
        resetOk(h);
        lib.rtmidi_in_cancel_callback(h);
        check(h, "rtmidi_in_cancel_callback");
    }

    /** Native callbacks so far. */
    public long callbacks() {
        return callbacks;
    }

    /** Exceptions thrown by the sink (caught, never passed to C). */
    public long callbackErrors() {
        return callbackErrors.get();
    }

    /**
     * Takes the next queued message, if any, and hands its bytes to {@code sink} on the calling thread, stamped with
     * {@code nanoTime}. Returns the message length, 0 when the queue is empty. [one polling thread]
     */
    public synchronized int poll(MidiByteSink sink, byte[] scratch, long nanoTime) throws RtMidiException {
        Pointer h = live();
        if (pollBuffer == null) {
            pollBuffer = new Memory(POLL_CAPACITY);
            pollSize = new Memory(8);
        }
        pollSize.setLong(0, POLL_CAPACITY);
        resetOk(h);
        RtMidiDirect.rtmidi_in_get_message(h, pollBuffer, pollSize); // direct: allocation-free
        check(h, "rtmidi_in_get_message");
        long size = pollSize.getLong(0);
        if (size <= 0) {
            return 0;
        }
        int n = (int) Math.min(size, POLL_CAPACITY);
        for (int done = 0; done < n; ) {
            int chunk = Math.min(scratch.length, n - done);
            pollBuffer.read(done, scratch, 0, chunk);
            sink.bytes(scratch, 0, chunk, nanoTime);
            done += chunk;
        }
        return n;
    }

    /** The JNA callback: copy, forward, count, never throw. [midi-in-thread] */
    private static final class CopyingCallback implements RtMidiLibrary.RtMidiCCallback {
        private final MidiByteSink sink;
        private final AtomicLong errors;
        private final RtMidiIn owner;
        private final byte[] chunk = new byte[CHUNK];

        CopyingCallback(MidiByteSink sink, AtomicLong errors, RtMidiIn owner) {
            this.sink = sink;
            this.errors = errors;
            this.owner = owner;
        }

        @Override
        public void invoke(double timeStamp, Pointer message, long messageSize, Pointer userData) {
            long nanoTime = System.nanoTime();
            try {
                owner.callbacks++;
                if (message == null || messageSize <= 0) {
                    return;
                }
                for (long done = 0; done < messageSize; ) {
                    int n = (int) Math.min(chunk.length, messageSize - done);
                    message.read(done, chunk, 0, n);
                    sink.bytes(chunk, 0, n, nanoTime);
                    done += n;
                }
            } catch (Throwable t) {
                errors.incrementAndGet();
            }
        }
    }
}
