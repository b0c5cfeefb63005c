package org.nesjam.nativebridge.rtmidi;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiDirect;
import org.nesjam.nativebridge.rtmidi.lowlevel.RtMidiLibrary;

/**
 * An RtMidi output ({@code RtMidiOut}). {@link #send} refuses to run while no port is open: RtMidi would accept
 * the message, queue it where nothing drains it and, after about 2,300 such messages, busy-wait forever.
 * With JACK, messages are emitted at frame 0 of the next JACK cycle; a message sent before a peer is connected is
 * lost (allow ~100 ms after connecting).
 * <p>
 * Threads: [main-thread or a sender thread] synchronized. {@code send} can block for as long as RtMidi's queue is
 * full (a stalled or dead JACK server): call it from a dedicated thread (see
 * {@code org.nesjam.nativebridge.midi.QueuedMidiOutput}), never from the audio thread.
 */
public final class RtMidiOut extends RtMidiPort {
    private final Memory buffer = new Memory(1024);

    private RtMidiOut(RtMidiLibrary lib, Pointer h, RtMidiApi api, String clientName) {
        super(lib, h, api, clientName);
    }

    public static RtMidiOut create(RtMidiApi api, String clientName) throws RtMidiException {
        RtMidiLibrary lib = RtMidiNative.library();
        Pointer h = createChecked(api, clientName, "output", name -> lib.rtmidi_out_create(api.code, name),
                lib::rtmidi_out_get_current_api, lib::rtmidi_out_free);
        return new RtMidiOut(lib, h, api, clientName);
    }

    @Override
    String direction() {
        return "output";
    }

    @Override
    void free(Pointer h) {
        lib.rtmidi_out_free(h);
    }

    /** Sends one complete message ({@code length} bytes from {@code offset}). */
    public synchronized void send(byte[] message, int offset, int length) throws RtMidiException {
        Pointer h = live();
        if (!isPortOpen()) {
            throw new RtMidiException("RtMidi output '" + clientName + "': no port open, message not sent");
        }
        if (length <= 0) {
            return;
        }
        Memory m = length <= buffer.size() ? buffer : new Memory(length);
        m.write(0, message, offset, length);
        resetOk(h);
        int rc = RtMidiDirect.rtmidi_out_send_message(h, m, length);
        check(h, "rtmidi_out_send_message");
        if (rc < 0) {
            throw new RtMidiException("RtMidi output '" + clientName + "': rtmidi_out_send_message returned " + rc);
        }
    }

    /** Sends a packed message {@code status | data1 << 8 | data2 << 16} (its length follows from the status). */
    public synchronized void sendPacked(int packedMessage) throws RtMidiException {
        int status = packedMessage & 0xFF;
        int length = org.nesjam.plugin.Midi.dataLength(status) + 1;
        if (length <= 0 || status < 0x80) {
            throw new RtMidiException("not a short MIDI message: 0x" + Integer.toHexString(packedMessage));
        }
        Pointer h = live();
        if (!isPortOpen()) {
            throw new RtMidiException("RtMidi output '" + clientName + "': no port open, message not sent");
        }
        buffer.setByte(0, (byte) status);
        buffer.setByte(1, (byte) ((packedMessage >>> 8) & 0x7F));
        buffer.setByte(2, (byte) ((packedMessage >>> 16) & 0x7F));
        resetOk(h);
        int rc = RtMidiDirect.rtmidi_out_send_message(h, buffer, length);
        check(h, "rtmidi_out_send_message");
        if (rc < 0) {
            throw new RtMidiException("RtMidi output '" + clientName + "': rtmidi_out_send_message returned " + rc);
        }
    }
}
