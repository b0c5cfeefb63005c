package org.nesjam.nativebridge.midi;

import org.nesjam.nativebridge.rtmidi.JackServerWatch;
import org.nesjam.nativebridge.rtmidi.RtMidiApi;
import org.nesjam.nativebridge.rtmidi.RtMidiException;
import org.nesjam.nativebridge.rtmidi.RtMidiOut;

/**
 * A {@link MidiOutput} on RtMidi: a virtual output port others connect to, or a connection to an existing sink port
 * by name. Sends happen on the queue's sender thread (RtMidi can block there), never on the caller's.
 */
public final class RtMidiOutput extends QueuedMidiOutput {
    private final RtMidiOut out;
    private final String description;

    private RtMidiOutput(RtMidiOut out, String description) {
        super(out.clientName(), 4096);
        this.out = out;
        this.description = description;
        if (out.api() == RtMidiApi.UNIX_JACK) {
            JackServerWatch.alive(); // start watching now, not on the first note
        }
        startSender();
    }

    @Override
    public boolean onJack() {
        return out.api() == RtMidiApi.UNIX_JACK;
    }

    /** A virtual output port {@code portName} of client {@code clientName} (JACK: {@code clientName:portName}). */
    public static RtMidiOutput openVirtual(RtMidiApi api, String clientName, String portName) throws RtMidiException {
        RtMidiOut out = RtMidiOut.create(api, clientName);
        try {
            out.openVirtualPort(portName);
        } catch (RtMidiException | RuntimeException e) {
            out.close();
            throw e;
        }
        return new RtMidiOutput(out,
                "RtMidi " + api.shortName + " virtual output '" + portName + "' (client '" + clientName + "')");
    }

    /** Connects to the existing sink port that {@code wanted} names. */
    public static RtMidiOutput connect(RtMidiApi api, String clientName, String wanted) throws RtMidiException {
        RtMidiOut out = RtMidiOut.create(api, clientName);
        String full;
        try {
            full = out.openPortByName(wanted, "out");
        } catch (RtMidiException | RuntimeException e) {
            out.close();
            throw e;
        }
        return new RtMidiOutput(out, "RtMidi " + api.shortName + " output to '" + full + "'");
    }

    @Override
    protected void deliver(int packedMessage) throws RtMidiException {
        if (out.api() == RtMidiApi.UNIX_JACK && !JackServerWatch.alive()) {
            // never feed RtMidi's JACK queue without a server: it would fill and then spin forever
            throw new RtMidiException("JACK server gone: MIDI output stopped");
        }
        out.sendPacked(packedMessage);
    }

    @Override
    protected void closeDevice() {
        out.close();
    }

    @Override
    public String description() {
        return description;
    }

    /** The RtMidi object. */
    public RtMidiOut rtMidiOut() {
        return out;
    }
}
