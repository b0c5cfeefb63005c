package org.nesjam.nativebridge.rtmidi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nesjam.midi.live.MidiClock;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.nativebridge.midi.MidiDeviceException;
import org.nesjam.nativebridge.midi.MidiInput;
import org.nesjam.nativebridge.midi.MidiOutput;
import org.nesjam.nativebridge.midi.MidiPorts;
import org.nesjam.nativebridge.midi.RtMidiInput;
import org.nesjam.nativebridge.probe.MidiPeer;
import org.nesjam.testsupport.Require;

/**
 * RtMidi through JACK, end to end between two clients in this JVM. Needs librtmidi and a running JACK server
 * ({@code $JACK_DEFAULT_SERVER}); skips without them, fails in CI.
 */
class RtMidiJackTest {
    private static final RtMidiApi JACK = RtMidiApi.UNIX_JACK;
    /** Unique per run: several test runs may share one JACK server. */
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    @BeforeAll
    static void requireJack() throws RtMidiException {
        Require.that(RtMidiNative.available(), String.valueOf(RtMidiNative.unavailableReason()));
        Require.that(RtMidiNative.compiledApis().contains(JACK), "RtMidi built without JACK");
        Require.that(JackProbe.serverRunning(), "no JACK server '" + JackProbe.serverName() + "' running");
    }

    private static String client(String role) {
        return "t" + RUN + "-" + role;
    }

    /** Collects what the engine would get. */
    private static final class Sink {
        final List<Integer> messages = new CopyOnWriteArrayList<>();

        void await(int n, long timeoutMillis) throws InterruptedException {
            long end = System.currentTimeMillis() + timeoutMillis;
            while (messages.size() < n && System.currentTimeMillis() < end) {
                Thread.sleep(5);
            }
        }
    }

    private static int note(int channel, int key, int velocity) {
        return 0x90 | channel | key << 8 | velocity << 16;
    }

    /** @param burst messages sent back to back before a pause of two JACK periods */
    private void roundTripIntoVirtualInput(RtMidiInput.Mode mode, int n, int burst) throws Exception {
        Sink sink = new Sink();
        MidiClock clock = new MidiClock();
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> sink.messages.add(m), clock, false);
        String base = client("nj" + mode.name().charAt(0));
        try (MidiInput input = MidiPorts.openInput("virtual:keys", base, "jack", pipeline, mode);
             MidiPeer keyboard = MidiPeer.sender(JACK, client("kbd"), base + "-in:keys", 5000)) {
            assertEquals(base + "-in:keys", keyboard.connectedTo());
            // Warm-up: the first callback attaches JACK's thread to the JVM (4-6 ms); the cycle it overruns loses
            // its MIDI. Polling does not need this, but it does not hurt either.
            keyboard.send(0xB0 | 120 << 8);
            Thread.sleep(100);
            sink.messages.clear();
            List<Integer> sent = new ArrayList<>();
            Random random = new Random(11);
            for (int i = 0; i < n; i++) {
                int m = i % 2 == 0 ? note(i % 16, random.nextInt(128), 1 + random.nextInt(127))
                        : 0x80 | (i % 16) | random.nextInt(128) << 8 | random.nextInt(128) << 16;
                sent.add(m);
                keyboard.send(m);
                if (i % burst == burst - 1) {
                    Thread.sleep(12);
                }
            }
            sink.await(n, 5000);
            assertEquals(sent, new ArrayList<>(sink.messages), "every note, in order, with the right bytes");
            assertEquals(0, input.deliveryErrors());
            assertEquals(0, input.pipeline().parser().truncatedMessages());
        }
    }

    @Test
    void notesIntoVirtualInputThroughPolling() throws Exception {
        roundTripIntoVirtualInput(RtMidiInput.Mode.POLL, 500, 50);
    }

    /** RtMidi 5.0's callback runs on JACK's real-time thread and is unsafe there (see RtMidiInput): refused. */
    @Test
    void callbackInputOnJackIsRefusedBeforeAnyClientOpens() {
        MidiDeviceException refused = assertThrows(MidiDeviceException.class,
                () -> MidiPorts.openInput("virtual:keys", client("njcb"), "jack",
                        new MidiInputPipeline((m, t) -> { }, null, false), RtMidiInput.Mode.CALLBACK));
        assertTrue(refused.getMessage().contains("use polling"), refused.getMessage());
    }

    @Test
    void nesjamOutputArrivesAtTestPort() throws Exception {
        String base = client("njo");
        try (MidiOutput output = MidiPorts.openOutput("virtual:voices", base, "jack");
             MidiPeer daw = MidiPeer.receiver(JACK, client("daw"), base + "-out:voices", 5000)) {
            // JACK makes a new connection live some cycles after jack_connect returned, which a stalled machine can
            // stretch past MidiPeer's settle time (CI once lost all 300): a marker goes out until one arrives, then
            // the markers still in flight are drained
            MidiPeer.Received first = null;
            long until = System.currentTimeMillis() + 5000;
            while (first == null && System.currentTimeMillis() < until) {
                output.trySend(0xB0 | 121 << 8);
                first = daw.poll(50);
            }
            assertNotNull(first, "no marker arrived: the connection never went live");
            while (daw.poll(200) != null) {
                // drain
            }
            long sentBefore = output.sent();
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int m = i % 3 == 2 ? 0xB3 | 7 << 8 | (i % 128) << 16 : note(i % 4, 36 + i % 60, 100);
                assertTrue(output.trySend(m));
                sent.add(m);
            }
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                MidiPeer.Received r = daw.poll(3000);
                assertNotNull(r, "message " + i + " of " + sent.size() + " did not arrive");
                got.add(r.packedMessage());
            }
            assertEquals(sent, got);
            assertEquals(300, output.sent() - sentBefore);
            assertEquals(0, output.dropped());
        }
    }

    @Test
    void connectsToExistingPortByName() throws Exception {
        // the "DAW" offers a virtual output; nesjam connects its input to it by (part of) its name
        String dawClient = client("src");
        Sink sink = new Sink();
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> sink.messages.add(m), null, false);
        try (RtMidiOut daw = RtMidiOut.create(JACK, dawClient)) {
            daw.openVirtualPort("seq-out");
            try (MidiInput input = MidiPorts.openInput("rtmidi:" + dawClient + ":seq", client("njc"), "jack",
                    pipeline, RtMidiInput.Mode.POLL)) {
                assertTrue(input.description().contains(dawClient + ":seq-out"), input.description());
                Thread.sleep(MidiPeer.SETTLE_MILLIS);
                for (int i = 0; i < 20; i++) {
                    daw.sendPacked(note(0, 60 + i, 64));
                }
                sink.await(20, 3000);
                assertEquals(20, sink.messages.size());
                assertEquals(note(0, 79, 64), (int) sink.messages.get(19));
            }
        }
    }

    /**
     * 96 ticks at 150 BPM from a real-time sender thread of this JVM. The clock can only be judged on what was sent: a take in
     * which the sender itself ran late (a loaded machine preempts it and then sends the late ticks in a burst) is
     * taken again, up to {@link #CLOCK_TAKES} times, as JackAudioBackendTest does with a disturbed take.
     */
    @Test
    void clockThroughJackGivesTempo() throws Exception {
        MidiClock clock = new MidiClock();
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> { }, clock, false);
        String base = client("njk");
        try (MidiInput input = MidiPorts.openInput("virtual:clock", base, "jack", pipeline,
                RtMidiInput.Mode.POLL);
             MidiPeer sequencer = MidiPeer.sender(JACK, client("seq"), base + "-in:clock", 5000)) {
            long tickNanos = (long) (60e9 / (150 * 24)); // 150 BPM
            int lossyTakes = 0;
            for (int take = 1; ; take++) {
                sequencer.send(0xFA);
                long ticksBefore = clock.totalTicks();
                long worstLateNanos = sendTicks(sequencer, 96, tickNanos); // 4 beats
                long deadline = System.nanoTime() + 3_000_000_000L; // the last ticks may still be in JACK's next cycle
                while (clock.totalTicks() - ticksBefore < 96 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                long received = clock.totalTicks() - ticksBefore;
                if (received != 96 && lossyTakes == 0 && take < CLOCK_TAKES) {
                    // issue 16's open defect: RtMidi's JACK path now and then loses a message (seen once in a full
                    // suite run on the dummy server, 95 of 96); one such take is retaken, a second fails the test
                    lossyTakes++;
                    System.out.printf("RtMidiJackTest: clock take %d received %d of 96 ticks; taking it again%n",
                            take, received);
                    sequencer.send(0xFC);
                    Thread.sleep(2 * MidiClock.GAP_NANOS / 1_000_000L);
                    continue;
                }
                assertEquals(96, received, "ticks received (a take before lost ticks too: " + lossyTakes + ")");
                if (worstLateNanos > SENDER_LATE_NANOS && take < CLOCK_TAKES) {
                    System.out.printf("RtMidiJackTest: clock take %d disturbed (sender %.1f ms late); taking it"
                            + " again%n", take, worstLateNanos / 1e6);
                    sequencer.send(0xFC);
                    Thread.sleep(2 * MidiClock.GAP_NANOS / 1_000_000L); // a gap: the estimate starts over
                    continue;
                }
                assertTrue(worstLateNanos <= SENDER_LATE_NANOS, "the sender ran late in all " + CLOCK_TAKES
                        + " takes (" + worstLateNanos / 1e6 + " ms in the last)");
                assertTrue(clock.clockLocked(System.nanoTime()), "locked, tempo " + clock.tempoBpm());
                // JACK quantises arrivals to periods: 2 %
                assertEquals(150.0, clock.tempoBpm(), 3.0, "150 BPM through JACK");
                assertTrue(clock.playing());
                return;
            }
        }
    }

    /**
     * Sends {@code n} clock ticks {@code tickNanos} apart at absolute due times (a late one does not shift the rest)
     * from a thread of its own, at the MIDI threads' real-time priority where the system allows it (a sequencer's
     * clock thread is real-time too); returns how late the latest tick went out, ns.
     */
    private static long sendTicks(MidiPeer sequencer, int n, long tickNanos) throws Exception {
        long[] worstLateNanos = new long[1];
        Exception[] failure = new Exception[1];
        Thread sender = new Thread(() -> {
            org.nesjam.nativebridge.midi.RealtimeThreads.trySetFifo(
                    org.nesjam.nativebridge.midi.RealtimeThreads.MIDI_PRIORITY);
            long start = System.nanoTime();
            try {
                for (int i = 0; i < n; i++) {
                    long due = start + i * tickNanos;
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000L);
                    }
                    worstLateNanos[0] = Math.max(worstLateNanos[0], System.nanoTime() - due);
                    sequencer.send(0xF8);
                }
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "test-clock-sender");
        sender.start();
        sender.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return worstLateNanos[0];
    }

    /** Takes of {@link #clockThroughJackGivesTempo} before a late sender fails it. */
    private static final int CLOCK_TAKES = 8;
    /** A sender later than this on any tick disturbed its take (a JACK period is 5.3 ms). */
    private static final long SENDER_LATE_NANOS = 3_000_000L;

    /**
     * Hostile input through the real path: for 2 s a sysex flood at 10,000 messages/s (100 bytes each), random garbage
     * events, truncated messages and a note-on storm on all 16 channels; afterwards the input still delivers a known
     * sequence exactly, nothing was thrown on the delivery thread, and the process heap did not grow with the flood.
     */
    @Test
    void floodsGarbageAndStormsDoNotBreakTheInput() throws Exception {
        Sink sink = new Sink();
        long[] storm = new long[1];
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> {
            if ((m & 0xFF) == 0xBF && ((m >>> 8) & 0x7F) == 3) { // marker sequence: CC 3 on channel 16
                sink.messages.add(m);
            } else {
                storm[0]++;
            }
        }, new MidiClock(), false);
        String base = client("njf");
        Random random = new Random(99);
        try (MidiInput input = MidiPorts.openInput("virtual:keys", base, "jack", pipeline, RtMidiInput.Mode.POLL);
             MidiPeer keyboard = MidiPeer.sender(JACK, client("fld"), base + "-in:keys", 5000)) {
            byte[] sysex = new byte[100];
            sysex[0] = (byte) 0xF0;
            sysex[99] = (byte) 0xF7;
            System.gc();
            long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            long start = System.nanoTime();
            long sentSysex = 0;
            for (int ms = 0; ms < 2000; ms++) {
                long due = start + ms * 1_000_000L;
                while (System.nanoTime() < due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000L);
                }
                for (int k = 0; k < 10; k++) { // 10 per ms = 10,000 per s
                    for (int i = 1; i < 99; i++) {
                        sysex[i] = (byte) random.nextInt(128);
                    }
                    keyboard.sendBytes(sysex);
                    sentSysex++;
                }
                byte[] garbage = new byte[1 + random.nextInt(6)];
                random.nextBytes(garbage);
                keyboard.sendBytes(garbage);
                keyboard.send(note(ms % 16, random.nextInt(128), 1 + random.nextInt(127)));
                keyboard.sendBytes(new byte[] {(byte) (0x90 | ms % 16), 60}); // truncated
            }
            Thread.sleep(100);
            List<Integer> marker = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int m = 0xBF | 3 << 8 | i << 16;
                marker.add(m);
                keyboard.send(m);
                if (i % 20 == 19) {
                    Thread.sleep(12);
                }
            }
            sink.await(100, 5000);
            // the garbage may contain our marker's status byte; compare only the tail we sent last
            List<Integer> got = new ArrayList<>(sink.messages);
            assertTrue(got.size() >= 100, "marker messages received: " + got.size());
            assertEquals(marker, got.subList(got.size() - 100, got.size()), "input intact after the flood");
            assertEquals(0, input.deliveryErrors());
            assertEquals(20_000, sentSysex);
            assertTrue(storm[0] >= 1_900, "storm notes delivered: " + storm[0]);
            System.gc();
            long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertTrue(heapAfter - heapBefore < 64L << 20, "heap grew by " + (heapAfter - heapBefore) + " bytes");
        }
    }

    @Test
    void closingAnInputReleasesItsHeldNotes() throws Exception {
        Sink sink = new Sink();
        MidiInputPipeline pipeline = new MidiInputPipeline((m, t) -> sink.messages.add(m), null, false);
        String base = client("njh");
        MidiInput input = MidiPorts.openInput("virtual:keys", base, "jack", pipeline, RtMidiInput.Mode.POLL);
        try (MidiPeer keyboard = MidiPeer.sender(JACK, client("hld"), base + "-in:keys", 5000)) {
            keyboard.send(note(0, 60, 100));
            keyboard.send(note(3, 64, 100));
            keyboard.send(note(0, 67, 100));
            keyboard.send(note(0, 67, 0)); // released by the player
            sink.await(4, 3000);
            assertEquals(4, sink.messages.size());
            assertEquals(2, pipeline.heldNoteCount());
            input.close(); // the keyboard is still "holding" 60 and 64
        }
        assertEquals(List.of(note(0, 60, 100), note(3, 64, 100), note(0, 67, 100), note(0, 67, 0),
                0x80 | 60 << 8, 0x83 | 64 << 8), new ArrayList<>(sink.messages));
        assertEquals(0, pipeline.heldNoteCount());
    }

    @Test
    void failuresBecomeCheckedExceptions() throws Exception {
        try (RtMidiOut out = RtMidiOut.create(JACK, client("err"))) {
            RtMidiException noPort = assertThrows(RtMidiException.class, () -> out.sendPacked(note(0, 60, 1)));
            assertTrue(noPort.getMessage().contains("no port open"), noPort.getMessage());
            assertThrows(RtMidiException.class, () -> out.openPort(out.portCount() + 5, "x"));
            RtMidiException noMatch = assertThrows(RtMidiException.class,
                    () -> out.openPortByName("no-such-port-" + RUN, "x"));
            assertTrue(noMatch.getMessage().startsWith("no MIDI sink port matches"), noMatch.getMessage());
            assertThrows(RtMidiException.class, () -> out.openVirtualPort(""));
            out.openVirtualPort("v");
            assertThrows(RtMidiException.class, () -> out.openVirtualPort("again"));
            out.close();
            RtMidiException closed = assertThrows(RtMidiException.class, () -> out.portCount());
            assertTrue(closed.getMessage().contains("closed"));
        }
        assertThrows(RtMidiException.class, () -> RtMidiIn.create(RtMidiApi.UNSPECIFIED, "x", 10));
        RtMidiException noWinmm = assertThrows(RtMidiException.class, () -> RtMidiIn.create(RtMidiApi.WINDOWS_MM, "x", 10));
        assertTrue(noWinmm.getMessage().contains("no winmm support"), noWinmm.getMessage());
        MidiDeviceException bad = assertThrows(MidiDeviceException.class,
                () -> MidiPorts.openOutput("no-such-port-" + RUN, client("bad"), "jack"));
        assertTrue(bad.getMessage().contains("no MIDI sink port matches"), bad.getMessage());
        assertThrows(MidiDeviceException.class,
                () -> MidiPorts.openInput("virtual:", client("bad"), "jack", new MidiInputPipeline((m, t) -> { },
                        null, false), RtMidiInput.Mode.CALLBACK));
    }
}
