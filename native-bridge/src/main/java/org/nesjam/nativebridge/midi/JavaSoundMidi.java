package org.nesjam.nativebridge.midi;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Transmitter;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.nativebridge.rtmidi.PortNames;
import org.nesjam.nativebridge.rtmidi.RtMidiException;

/**
 * javax.sound.midi devices as a second MIDI source and sink (hardware ports the JDK sees; on Linux through ALSA, so
 * none on machines without sound drivers, where only the Gervill software synth and the sequencer exist).
 * Sequencers are never listed or opened (they are players, not ports). [main-thread]
 */
public final class JavaSoundMidi {
    private JavaSoundMidi() {
    }

    /** One device as the JDK describes it. */
    public record Device(String name, String vendor, String description, boolean source, boolean sink,
                         boolean synthesizer, MidiDevice.Info info) {
    }

    /** Every device except sequencers; empty (never an exception) when the MIDI system is unusable. */
    public static List<Device> list() {
        List<Device> out = new ArrayList<>();
        MidiDevice.Info[] infos;
        try {
            infos = MidiSystem.getMidiDeviceInfo();
        } catch (RuntimeException | Error e) {
            return out;
        }
        for (MidiDevice.Info info : infos) {
            try {
                MidiDevice d = MidiSystem.getMidiDevice(info);
                if (d instanceof Sequencer) {
                    continue;
                }
                boolean synth = d instanceof Synthesizer;
                boolean source = !synth && d.getMaxTransmitters() != 0;
                boolean sink = d.getMaxReceivers() != 0;
                out.add(new Device(info.getName(), info.getVendor(), info.getDescription(), source, sink, synth,
                        info));
            } catch (MidiUnavailableException | RuntimeException e) {
                // a device that cannot even be described is skipped
            }
        }
        return out;
    }

    private static Device pick(String wanted, boolean wantSource) throws MidiDeviceException {
        List<Device> candidates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Device d : list()) {
            if (wantSource ? d.source() : d.sink()) {
                candidates.add(d);
                names.add(d.name());
            }
        }
        try {
            return candidates.get(PortNames.pick(names, wanted, wantSource ? "javax.sound.midi source"
                    : "javax.sound.midi sink"));
        } catch (RtMidiException e) {
            throw new MidiDeviceException(e.getMessage());
        }
    }

    /** Opens the source device {@code wanted} names and feeds {@code pipeline} from the JDK's delivery thread. */
    public static MidiInput openInput(String wanted, MidiInputPipeline pipeline) throws MidiDeviceException {
        Device dev = pick(wanted, true);
        MidiDevice device;
        try {
            device = MidiSystem.getMidiDevice(dev.info());
            device.open();
        } catch (MidiUnavailableException | RuntimeException e) {
            throw new MidiDeviceException("cannot open javax.sound.midi device '" + dev.name() + "': "
                    + e.getMessage());
        }
        try {
            Transmitter t = device.getTransmitter();
            JavaSoundInput input = new JavaSoundInput(device, t, pipeline, dev.name());
            t.setReceiver(input.receiver);
            return input;
        } catch (MidiUnavailableException | RuntimeException e) {
            device.close();
            throw new MidiDeviceException("javax.sound.midi device '" + dev.name() + "' has no transmitter: "
                    + e.getMessage());
        }
    }

    /** Opens the sink device {@code wanted} names (a port or a software synthesizer). */
    public static MidiOutput openOutput(String wanted) throws MidiDeviceException {
        Device dev = pick(wanted, false);
        MidiDevice device;
        Receiver receiver;
        try {
            device = MidiSystem.getMidiDevice(dev.info());
            device.open();
        } catch (MidiUnavailableException | RuntimeException e) {
            throw new MidiDeviceException("cannot open javax.sound.midi device '" + dev.name() + "': "
                    + e.getMessage());
        }
        try {
            receiver = device.getReceiver();
        } catch (MidiUnavailableException | RuntimeException e) {
            device.close();
            throw new MidiDeviceException("javax.sound.midi device '" + dev.name() + "' has no receiver: "
                    + e.getMessage());
        }
        return new JavaSoundOutput(device, receiver, dev.name());
    }

    /** Source: the JDK calls {@link Receiver#send} on its own thread. */
    private static final class JavaSoundInput implements MidiInput {
        private final MidiDevice device;
        private final Transmitter transmitter;
        private final MidiInputPipeline pipeline;
        private final String name;
        private volatile long errors;
        private volatile boolean closed;
        final Receiver receiver = new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                long nanoTime = System.nanoTime();
                if (closed || message == null) {
                    return;
                }
                try {
                    synchronized (this) { // one parser, possibly several JDK threads
                        pipeline.bytes(message.getMessage(), 0, message.getLength(), nanoTime);
                    }
                } catch (RuntimeException e) {
                    errors++;
                }
            }

            @Override
            public void close() {
            }
        };

        JavaSoundInput(MidiDevice device, Transmitter transmitter, MidiInputPipeline pipeline, String name) {
            this.device = device;
            this.transmitter = transmitter;
            this.pipeline = pipeline;
            this.name = name;
        }

        @Override
        public String description() {
            return "javax.sound.midi input from '" + name + "'";
        }

        @Override
        public MidiInputPipeline pipeline() {
            return pipeline;
        }

        @Override
        public long deliveryErrors() {
            return errors;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                transmitter.close();
            } finally {
                device.close();
            }
            synchronized (receiver) { // after the last delivery: end the notes this input left sounding
                pipeline.releaseHeldNotes(System.nanoTime());
            }
        }
    }

    /** Sink: short messages built and sent on the queue's sender thread. */
    private static final class JavaSoundOutput extends QueuedMidiOutput {
        private final MidiDevice device;
        private final Receiver receiver;
        private final String name;

        JavaSoundOutput(MidiDevice device, Receiver receiver, String name) {
            super("javasound", 4096);
            this.device = device;
            this.receiver = receiver;
            this.name = name;
            startSender();
        }

        @Override
        protected void deliver(int packedMessage) throws Exception {
            int status = packedMessage & 0xFF;
            int length = org.nesjam.plugin.Midi.dataLength(status);
            ShortMessage m = new ShortMessage();
            if (length == 2) {
                m.setMessage(status, (packedMessage >>> 8) & 0x7F, (packedMessage >>> 16) & 0x7F);
            } else if (length == 1) {
                m.setMessage(status, (packedMessage >>> 8) & 0x7F, 0);
            } else {
                m.setMessage(status);
            }
            receiver.send(m, -1);
        }

        @Override
        protected void closeDevice() {
            try {
                receiver.close();
            } finally {
                device.close();
            }
        }

        @Override
        public String description() {
            return "javax.sound.midi output to '" + name + "'";
        }
    }
}
