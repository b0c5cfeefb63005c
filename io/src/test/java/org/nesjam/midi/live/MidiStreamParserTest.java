package org.nesjam.midi.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nesjam.threads.ThreadAllocation;

class MidiStreamParserTest {

    /** Collects packed messages and their times. */
    static final class Collector implements MidiReceiver {
        final List<Integer> messages = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        @Override
        public void receive(int packedMessage, long nanoTime) {
            messages.add(packedMessage);
            times.add(nanoTime);
        }
    }

    private static List<Integer> parse(int... bytes) {
        Collector c = new Collector();
        MidiStreamParser p = new MidiStreamParser(c);
        for (int b : bytes) {
            p.accept(b, 0);
        }
        return c.messages;
    }

    private static int pack(int s, int d1, int d2) {
        return s | d1 << 8 | d2 << 16;
    }

    @Test
    void completeMessages() {
        assertEquals(List.of(pack(0x90, 60, 100), pack(0x80, 60, 0), pack(0xC3, 5, 0), pack(0xE0, 0, 64)),
                parse(0x90, 60, 100, 0x80, 60, 0, 0xC3, 5, 0xE0, 0, 64));
    }

    @Test
    void runningStatus() {
        assertEquals(List.of(pack(0x91, 60, 100), pack(0x91, 64, 100), pack(0x91, 60, 0), pack(0xD2, 10, 0),
                pack(0xD2, 11, 0)), parse(0x91, 60, 100, 64, 100, 60, 0, 0xD2, 10, 11));
    }

    @Test
    void realtimeInterleavedKeepsMessageAndRunningStatus() {
        assertEquals(List.of(0xF8, pack(0x90, 60, 100), 0xFA, pack(0x90, 62, 90)),
                parse(0x90, 0xF8, 60, 100, 62, 0xFA, 90));
    }

    @Test
    void truncatedMessageIsDroppedAndCounted() {
        Collector c = new Collector();
        MidiStreamParser p = new MidiStreamParser(c);
        for (int b : new int[] {0x90, 60, 0xB0, 7, 100}) {
            p.accept(b, 0);
        }
        assertEquals(List.of(pack(0xB0, 7, 100)), c.messages);
        assertEquals(1, p.truncatedMessages());
    }

    @Test
    void truncatedNoteOffStillReleasesItsKey() {
        // note-off cut after its key: released with velocity 0; note-on cut after its key: dropped
        assertEquals(List.of(pack(0x82, 60, 0), pack(0xB0, 7, 1)), parse(0x82, 60, 0x91, 61, 0xB0, 7, 1));
    }

    @Test
    void dataWithoutStatusAndUndefinedBytesAreDiscarded() {
        Collector c = new Collector();
        MidiStreamParser p = new MidiStreamParser(c);
        for (int b : new int[] {1, 2, 3, 0xF9, 0xFD, 0xF7, 0x90, 60, 1}) {
            p.accept(b, 0);
        }
        assertEquals(List.of(pack(0x90, 60, 1)), c.messages);
        assertEquals(6, p.discardedBytes());
        // undefined system common cancels running status
        assertEquals(List.of(pack(0x90, 60, 1)), parse(0x90, 60, 1, 0xF4, 61, 1));
    }

    @Test
    void systemCommonCancelsRunningStatus() {
        assertEquals(List.of(pack(0x90, 60, 1), pack(0xF2, 0x10, 0x01), pack(0xF3, 3, 0), 0xF6),
                parse(0x90, 60, 1, 0xF2, 0x10, 0x01, 61, 1, 0xF3, 3, 4, 0xF6, 5));
    }

    @Test
    void sysexIsDiscardedAndEndsAtAnyStatus() {
        Collector c = new Collector();
        MidiStreamParser p = new MidiStreamParser(c);
        int[] stream = {0xF0, 0x7E, 1, 2, 0xF8, 3, 0xF7, 60, 0xF0, 1, 2, 0x90, 60, 100};
        for (int b : stream) {
            p.accept(b, 0);
        }
        // realtime inside sysex delivered; data after F7 has no status; second sysex ended by 0x90
        assertEquals(List.of(0xF8, pack(0x90, 60, 100)), c.messages);
        assertEquals(2, p.sysexMessages());
        assertEquals(1, p.discardedBytes());
    }

    @Test
    void timesArePassedThrough() {
        Collector c = new Collector();
        MidiStreamParser p = new MidiStreamParser(c);
        p.bytes(new byte[] {(byte) 0x90, 60}, 0, 2, 111);
        p.bytes(new byte[] {100, (byte) 0xF8}, 0, 2, 222);
        assertEquals(List.of(222L, 222L), c.times);
    }

    /**
     * Fuzz: random bytes (with a bias toward status bytes) never throw and every delivered message is well formed:
     * a defined status, data bytes below 0x80, unused data bytes zero.
     */
    @Test
    void randomBytesYieldOnlyWellFormedMessages() {
        Random random = new Random(42);
        long[] delivered = new long[1];
        MidiStreamParser p = new MidiStreamParser((m, t) -> {
            delivered[0]++;
            int st = m & 0xFF;
            int d1 = (m >>> 8) & 0xFF;
            int d2 = (m >>> 16) & 0xFF;
            assertTrue(st >= 0x80, "status");
            assertTrue(d1 < 0x80 && d2 < 0x80, "data bytes");
            assertEquals(0, m >>> 24);
            int len = org.nesjam.plugin.Midi.dataLength(st);
            assertTrue(len >= 0, "defined status " + Integer.toHexString(st));
            if (len < 2) {
                assertEquals(0, d2);
            }
            if (len < 1) {
                assertEquals(0, d1);
            }
        });
        byte[] buf = new byte[4096];
        for (int round = 0; round < 2_000; round++) {
            for (int i = 0; i < buf.length; i++) {
                int r = random.nextInt(10);
                buf[i] = (byte) (r < 3 ? 0x80 + random.nextInt(128) : random.nextInt(r < 9 ? 128 : 256));
            }
            int off = random.nextInt(16);
            p.bytes(buf, off, random.nextInt(buf.length - off), round);
        }
        long accounted = p.messages() + p.realtimeMessages();
        assertTrue(delivered[0] > 100_000, "delivered " + delivered[0]);
        assertEquals(accounted, delivered[0]);
        assertTrue(p.truncatedMessages() > 0 && p.discardedBytes() > 0 && p.sysexMessages() > 0);
    }

    /** A 10 s flood of 10,000 sysex messages per second (100 bytes each) with notes between: bounded and quick. */
    @Test
    void sysexFloodIsBoundedInMemoryAndTime() {
        int[] notes = new int[1];
        MidiStreamParser p = new MidiStreamParser((m, t) -> {
            if ((m & 0xF0) == 0x90) {
                notes[0]++;
            }
        });
        byte[] sysex = new byte[100];
        sysex[0] = (byte) 0xF0;
        for (int i = 1; i < 99; i++) {
            sysex[i] = (byte) (i & 0x7F);
        }
        sysex[99] = (byte) 0xF7;
        byte[] note = {(byte) 0x90, 60, 100};
        long threadBytesBefore = ThreadAllocation.currentThreadBytes();
        long started = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            p.bytes(sysex, 0, sysex.length, i);
            if (i % 100 == 0) {
                p.bytes(note, 0, note.length, i);
            }
        }
        long elapsedNanos = System.nanoTime() - started;
        long allocated = ThreadAllocation.currentThreadBytes() - threadBytesBefore;
        assertEquals(100_000, p.sysexMessages());
        assertEquals(10_000_000, p.sysexBytes());
        assertEquals(1_000, notes[0]);
        // 10 MB of sysex, 10 s of traffic: must take far less than real time and allocate (almost) nothing
        assertTrue(elapsedNanos < 2_000_000_000L, "took " + elapsedNanos / 1e6 + " ms");
        if (ThreadAllocation.supported()) {
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 10 MB of sysex");
        }
    }

    /** Note-on storm on all 16 channels with running status: every message arrives, none mangled. */
    @Test
    void noteOnStormOnAllChannels() {
        int[] perChannel = new int[16];
        long[] sum = new long[1];
        MidiStreamParser p = new MidiStreamParser((m, t) -> {
            perChannel[m & 0x0F]++;
            sum[0] += (m >>> 8) & 0x7F;
        });
        byte[] buf = new byte[1 + 2 * 128];
        long expectedSum = 0;
        for (int ch = 0; ch < 16; ch++) {
            buf[0] = (byte) (0x90 | ch);
            for (int n = 0; n < 128; n++) {
                buf[1 + 2 * n] = (byte) n;
                buf[2 + 2 * n] = (byte) (n == 0 ? 1 : n);
                expectedSum += n;
            }
            for (int rep = 0; rep < 100; rep++) {
                p.bytes(buf, 0, buf.length, rep);
            }
        }
        for (int ch = 0; ch < 16; ch++) {
            assertEquals(12_800, perChannel[ch], "channel " + ch);
        }
        assertEquals(expectedSum * 100, sum[0]);
        assertEquals(0, p.truncatedMessages());
        assertEquals(0, p.discardedBytes());
    }

    @Test
    void parserAllocatesNothing() {
        long[] sink = new long[1];
        MidiStreamParser p = new MidiStreamParser((m, t) -> sink[0] += m);
        byte[] buf = new byte[1024];
        Random random = new Random(1);
        random.nextBytes(buf);
        for (int i = 0; i < 1000; i++) {
            p.bytes(buf, 0, buf.length, i);
        }
        if (!ThreadAllocation.supported()) {
            return;
        }
        long before = ThreadAllocation.currentThreadBytes();
        for (int i = 0; i < 10_000; i++) {
            p.bytes(buf, 0, buf.length, i);
        }
        long allocated = ThreadAllocation.currentThreadBytes() - before;
        assertEquals(0, allocated, "bytes allocated while parsing 10 MB");
        assertTrue(sink[0] != 0);
    }
}
