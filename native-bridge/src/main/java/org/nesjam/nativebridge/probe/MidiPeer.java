package org.nesjam.nativebridge.probe;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiException;
import org.nesjam.nativebridge.rtmidi.RtMidiIn;
import org.nesjam.nativebridge.rtmidi.RtMidiOut;
import org.nesjam.threads.NesjamThread;

/**
 * The other end of a MIDI connection, for tests and benchmarks: a separate RtMidi client that sends to a port of
 * nesjam (a "keyboard") or receives from one (a "DAW"). It waits for the target port to appear, connects by name
 * and then waits {@link #SETTLE_MILLIS} (JACK drops messages sent before the connection is live).
 * [test-thread] Not for production paths: {@link #send} calls RtMidi directly.
 */
public final class MidiPeer implements AutoCloseable {
    /** Pause after connecting before messages are reliably delivered. */
    public static final long SETTLE_MILLIS = 150;

    /** A received message: packed bytes and {@link System#nanoTime()} of arrival (on RtMidi's thread). */
    public record Received(int packedMessage, long nanoTime) {
    }

    private final RtMidiOut out;
    private final RtMidiIn in;
    private final BlockingQueue<Received> received;
    private final String connectedTo;
    private volatile boolean closed;
    private Thread poller;

    private MidiPeer(RtMidiOut out, RtMidiIn in, BlockingQueue<Received> received, String connectedTo) {
        this.out = out;
        this.in = in;
        this.received = received;
        this.connectedTo = connectedTo;
    }

    /** A sender connected to the sink port {@code target} names (e.g. nesjam's virtual input). */
    public static MidiPeer sender(RtMidiApi api, String clientName, String target, long timeoutMillis)
            throws RtMidiException, InterruptedException {
        RtMidiOut out = RtMidiOut.create(api, clientName);
        try {
            String full = connectWhenPresent(out, target, timeoutMillis);
            Thread.sleep(SETTLE_MILLIS);
            return new MidiPeer(out, null, null, full);
        } catch (RtMidiException | InterruptedException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A receiver connected to the source port {@code source} names (e.g. nesjam's virtual output). */
    public static MidiPeer receiver(RtMidiApi api, String clientName, String source, long timeoutMillis)
            throws RtMidiException, InterruptedException {
        RtMidiIn in = RtMidiIn.create(api, clientName, 1 << 16);
        BlockingQueue<Received> queue = new ArrayBlockingQueue<>(1 << 16);
        try {
            in.ignoreTypes(false, false, false);
            String full = connectWhenPresent(in, source, timeoutMillis);
            MidiPeer peer = new MidiPeer(null, in, queue, full);
            // polled, not a callback: see RtMidiIn (slow callbacks get repeated bytes from RtMidi 5.0 + JACK)
            Thread poller = NesjamThread.MIDI_IN.newThread("peer-" + clientName, () -> {
                byte[] scratch = new byte[1024];
                org.nesjam.midi.live.MidiByteSink sink = (data, offset, length, nanoTime) -> {
                    int packed = 0;
                    for (int i = 0; i < Math.min(3, length); i++) {
                        packed |= (data[offset + i] & 0xFF) << (8 * i);
                    }
                    queue.offer(new Received(packed, nanoTime));
                };
                while (!peer.closed) {
                    try {
                        if (in.poll(sink, scratch, System.nanoTime()) == 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(100_000L);
                        }
                    } catch (RtMidiException e) {
                        return; // closed
                    }
                }
            });
            poller.setDaemon(true);
            poller.start();
            peer.poller = poller;
            Thread.sleep(SETTLE_MILLIS);
            return peer;
        } catch (RtMidiException | InterruptedException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static String connectWhenPresent(org.nesjam.nativebridge.rtmidi.RtMidiPort port, String wanted,
                                             long timeoutMillis) throws RtMidiException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                return port.openPortByName(wanted, "peer");
            } catch (RtMidiException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** The full name of the port this peer is connected to. */
    public String connectedTo() {
        return connectedTo;
    }

    /** [sender] Sends a packed short message now. */
    public void send(int packedMessage) throws RtMidiException {
        out.sendPacked(packedMessage);
    }

    /** [sender] Sends raw bytes as one message (e.g. sysex). */
    public void sendBytes(byte[] message) throws RtMidiException {
        out.send(message, 0, message.length);
    }

    /** [receiver] The next message, or null after {@code timeoutMillis}. */
    public Received poll(long timeoutMillis) throws InterruptedException {
        return received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            try {
                poller.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (out != null) {
            out.close();
        }
        if (in != null) {
            in.close();
        }
    }
}
