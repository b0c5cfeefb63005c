package org.nesjam.nativebridge.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackProcessCallback;
import org.jaudiolibs.jnajack.JackStatus;
import org.junit.jupiter.api.Test;
import org.nesjam.audio.AudioCallback;
import org.nesjam.audio.AudioConfig;
import org.nesjam.audio.DeviceTimeline;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.midi.live.MidiReceiver;
import org.nesjam.nativebridge.jack.JackAudioBackend;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.testsupport.Require;

/**
 * nesjam's JACK MIDI ports against a real JACK server (CI: the private dummy server of {@code .ci/run}): a JACK audio
 * client publishes its timeline, a test-side JACK client sends notes at known frames into {@link JackMidiInput} and
 * records the frames {@link JackMidiOutput}'s messages arrive at. Every event must be exact to the frame: an input
 * stamp is the engine time of its frame plus a period, an output message leaves at its engine time's frame plus a
 * period. (A cycle the dummy server skips in an xrun loses that cycle's events; the test needs most, not all.)
 */
class JackMidiPortsTest {
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static final int NOTES = 24;

    /** The engine's part: a sample time that follows JACK's frames, skipped cycles included. */
    private static final class Timekeeper implements AudioCallback {
        volatile long sampleTime = 1_000_000;

        @Override
        public void process(float[][] out, int frameCount) {
            sampleTime += frameCount;
        }

        @Override
        public void framesSkipped(long frames) {
            sampleTime += frames;
        }

        @Override
        public long nextSampleTime() {
            return sampleTime;
        }

        @Override
        public void backendStopped(String reason) {
        }
    }

    /**
     * The test's JACK client: writes note {@code i} (pitch 40 + i) at a known offset every third cycle of
     * {@code out} while {@code sending}, remembering each note's frame; records the frame of every note on {@code in}.
     */
    private static final class Peer implements AutoCloseable {
        final JackClient client;
        final JackPort out;
        final JackPort in;
        final ConcurrentHashMap<Integer, Long> sentFrame = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, Long> receivedFrame = new ConcurrentHashMap<>();
        final AtomicInteger next = new AtomicInteger();
        volatile boolean sending;
        private int cycle;
        private final JackMidi.Event event = new JackMidi.Event();
        private final byte[] bytes = new byte[3];
        private final JackProcessCallback callback = this::process;

        Peer(String name) throws JackException {
            client = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer),
                    EnumSet.noneOf(JackStatus.class));
            out = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
            in = client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
            client.setProcessCallback(callback);
            client.activate();
        }

        private boolean process(JackClient c, int frames) {
            try {
                long frame = c.getLastFrameTime();
                JackMidi.clearBuffer(out);
                if (sending && ++cycle % 3 == 0 && next.get() < NOTES) {
                    int i = next.getAndIncrement();
                    int offset = (i * 37) % frames;
                    JackMidi.eventWrite(out, offset, new byte[] {(byte) 0x90, (byte) (40 + i), 100}, 3);
                    sentFrame.put(40 + i, frame + offset);
                }
                int n = JackMidi.getEventCount(in);
                for (int k = 0; k < n; k++) {
                    JackMidi.eventGet(event, in, k);
                    event.read(bytes);
                    if ((bytes[0] & 0xF0) == 0x90) {
                        receivedFrame.put((int) bytes[1], frame + event.time());
                    }
                }
            } catch (JackException e) {
                throw new IllegalStateException(e);
            }
            return true;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    @Test
    void inputStampsAndOutputSendsEachEventOnItsFrame() throws Exception {
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
        JackAudioBackend audio = new JackAudioBackend("jmp-audio" + RUN, false, AudioConfig.DEFAULT);
        AudioConfig config = audio.open();
        int period = config.periodFrames();
        DeviceTimeline timeline = audio.timeline();
        audio.start(new Timekeeper());
        ConcurrentLinkedQueue<long[]> stamped = new ConcurrentLinkedQueue<>();
        MidiReceiver receiver = new MidiReceiver() {
            @Override
            public void receive(int packedMessage, long nanoTime) {
                stamped.add(new long[] {packedMessage, MidiReceiver.NO_SAMPLE_TIME});
            }

            @Override
            public void receive(int packedMessage, long nanoTime, long sampleTime) {
                stamped.add(new long[] {packedMessage, sampleTime});
            }
        };
        try (Peer peer = new Peer("jmp-peer" + RUN);
             JackMidiInput in = JackMidiInput.openVirtual("jmp-in" + RUN, "in",
                     new MidiInputPipeline(receiver, null, true), timeline);
             JackMidiOutput out = JackMidiOutput.openVirtual("jmp-out" + RUN, "out", timeline)) {
            assertEquals(period, in.latencyFrames());
            assertEquals(period, out.latencyFrames());
            Jack jack = Jack.getInstance();
            jack.connect(peer.client, peer.out.getName(), "jmp-in" + RUN + ":in");
            jack.connect(peer.client, "jmp-out" + RUN + ":out", peer.in.getName());
            Thread.sleep(300);

            // in: each note's stamp is the engine time of the frame it was sent at, plus a period
            peer.sending = true;
            long until = System.nanoTime() + 5_000_000_000L;
            while (stamped.size() < NOTES && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            int exact = 0;
            for (long[] s : stamped) {
                int pitch = (int) (s[0] >>> 8) & 0x7F;
                long frame = peer.sentFrame.get(pitch);
                assertEquals(timeline.sampleTimeOfFrame(frame) + period, s[1], "note " + pitch + " sent at frame "
                        + frame);
                exact++;
            }
            assertTrue(exact >= NOTES * 2 / 3, "only " + exact + " of " + NOTES + " notes came in");

            // out: each message leaves at its engine time's frame plus a period
            long base = timeline.sampleTimeOfFrame(peer.client.getFrameTime()) + 4 * period;
            long[] due = new long[NOTES];
            for (int i = 0; i < NOTES; i++) {
                due[i] = base + i * 331L;
                assertTrue(out.trySendAt(0x90 | (70 + i) << 8 | 100 << 16, due[i]));
            }
            until = System.nanoTime() + 5_000_000_000L;
            while (peer.receivedFrame.size() < NOTES && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            int onTime = 0;
            int off = 0;
            for (int i = 0; i < NOTES; i++) {
                Long frame = peer.receivedFrame.get(70 + i);
                if (frame != null) {
                    if (frame == ((timeline.frameOfSampleTime(due[i]) + period) & 0xFFFF_FFFFL)) {
                        onTime++;
                    } else {
                        off++;
                    }
                }
            }
            String what = onTime + " of " + NOTES + " notes on their frames, " + off + " off (" + out.late()
                    + " late: the server skipped the output's cycle), " + out.dropped() + " dropped";
            assertTrue(off <= out.late(), what);
            assertTrue(onTime >= NOTES * 2 / 3, what);

            // note-ons not yet gone are taken back (the host stopped); their note-offs still go
            long later = timeline.sampleTimeOfFrame(peer.client.getFrameTime()) + 20 * period;
            long sentBefore = out.sent();
            for (int i = 0; i < 4; i++) {
                assertTrue(out.trySendAt(0x90 | (100 + i) << 8 | 100 << 16, later + i * 100L));
                assertTrue(out.trySendAt(0x80 | (100 + i) << 8, later + i * 100L + 50));
            }
            out.retractNoteOnsFrom(later);
            Thread.sleep(400);
            for (int i = 0; i < 4; i++) {
                assertEquals(null, peer.receivedFrame.get(100 + i), "note-on " + (100 + i) + " was taken back");
            }
            assertEquals(4, out.retracted());
            assertEquals(sentBefore + 4, out.sent(), "the note-offs went");
            assertEquals(0, in.deliveryErrors());
        } finally {
            audio.close();
        }
    }

    /**
     * A client whose first process call does not come within {@link JackMidiClients#FIRST_CYCLE_MILLIS} (here: a
     * port that ignores its first client's cycles, as a thread stuck in libjack's first wait would) is closed and
     * opened again; the port built on the second client is returned, and the first client is gone from the server.
     */
    @Test
    void aClientJackDoesNotRunIsOpenedAgain() throws Exception {
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
        AtomicInteger built = new AtomicInteger();
        ConcurrentLinkedQueue<JackClient> closed = new ConcurrentLinkedQueue<>();
        final class Counting implements JackMidiClients.Port {
            final java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
            final JackClient client;
            // held in a field: JNA must not lose it while JACK may call it
            final JackProcessCallback callback;

            Counting(JackClient client, boolean deaf) {
                this.client = client;
                this.callback = (c, frames) -> {
                    if (!deaf) {
                        first.countDown();
                    }
                    return true;
                };
            }

            @Override
            public java.util.concurrent.CountDownLatch firstCycle() {
                return first;
            }

            @Override
            public void close() {
                closed.add(client);
                client.close();
            }
        }
        Counting port = JackMidiClients.openActive("nesjam-retry-" + RUN, "test port", client -> {
            Counting c = new Counting(client, built.getAndIncrement() == 0);
            client.setProcessCallback(c.callback);
            return c;
        });
        try {
            assertEquals(2, built.get(), "a second client after the first was not run");
            assertEquals(1, closed.size(), "the client JACK did not run is closed");
            assertTrue(port.first.getCount() == 0, "the port returned is the one JACK runs");
        } finally {
            port.close();
        }
    }
}
