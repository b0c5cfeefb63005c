package org.nesjam.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.midi.live.MidiInputPipeline;
import org.nesjam.midi.live.MidiReceiver;

class DeviceTimelineTest {

    @Test
    void mapsFramesAndSampleTimesBothWaysAcrossTheFrameCountersWrap() {
        DeviceTimeline t = new DeviceTimeline();
        assertEquals(DeviceTimeline.UNKNOWN, t.sampleTimeOfFrame(1000));
        assertEquals(-1, t.frameOfSampleTime(1000));
        long frame = 0xFFFF_FF00L; // 256 frames before JACK's 32-bit frame counter wraps
        t.publish(frame, 5_000);
        assertEquals(5_000, t.sampleTimeOfFrame(frame));
        assertEquals(5_100, t.sampleTimeOfFrame(frame + 100));
        assertEquals(5_300, t.sampleTimeOfFrame(44), "after the wrap"); // 0xFFFF_FF00 + 300 = 2^32 + 44
        assertEquals(4_900, t.sampleTimeOfFrame(frame - 100));
        assertEquals(44, t.frameOfSampleTime(5_300));
        assertEquals(frame - 100, t.frameOfSampleTime(4_900));
        for (int cycle = 1; cycle < 10; cycle++) { // cycles on the same line change nothing
            t.publish(frame + 256L * cycle, 5_000 + 256L * cycle);
        }
        assertEquals(5_300, t.sampleTimeOfFrame(44));
        t.publish(frame + 512, 5_000); // the callback's time started again (a new server, a new engine)
        assertEquals(5_000, t.sampleTimeOfFrame(frame + 512));
        t.invalidate();
        assertEquals(DeviceTimeline.UNKNOWN, t.sampleTimeOfFrame(frame));
        t.publish(frame, -1); // a callback without a timeline
        assertEquals(DeviceTimeline.UNKNOWN, t.sampleTimeOfFrame(frame));
    }

    @Test
    void reAnchorsFarAlongTheLineSoThat32BitDifferencesNeverWrap() {
        DeviceTimeline t = new DeviceTimeline();
        t.publish(0, 0);
        long far = 3L << 30; // 3 * 2^30 frames later: past 2^31 from the first anchor
        for (long s = 0; s <= far; s += 1L << 28) {
            t.publish(s, s);
        }
        assertEquals(far + 10, t.sampleTimeOfFrame((far + 10) & 0xFFFF_FFFFL));
    }

    @Test
    void aStampedMessageGoesDownstreamWithItsSampleTime() {
        List<long[]> got = new ArrayList<>();
        MidiReceiver r = new MidiReceiver() {
            @Override
            public void receive(int packedMessage, long nanoTime) {
                got.add(new long[] {packedMessage, nanoTime, NO_SAMPLE_TIME});
            }

            @Override
            public void receive(int packedMessage, long nanoTime, long sampleTime) {
                got.add(new long[] {packedMessage, nanoTime, sampleTime});
            }
        };
        MidiInputPipeline p = new MidiInputPipeline(r, null, true);
        p.bytes(new byte[] {(byte) 0x90, 60, 100}, 0, 3, 7, 12_345);
        p.bytes(new byte[] {(byte) 0xF8}, 0, 1, 8, 12_400);
        p.bytes(new byte[] {61, 100}, 0, 2, 9); // running status, no stamp
        assertEquals(3, got.size());
        assertEquals(0x90 | 60 << 8 | 100 << 16, got.get(0)[0]);
        assertEquals(12_345, got.get(0)[2]);
        assertEquals(0xF8, got.get(1)[0]);
        assertEquals(12_400, got.get(1)[2]);
        assertEquals(0x90 | 61 << 8 | 100 << 16, got.get(2)[0]);
        assertEquals(MidiReceiver.NO_SAMPLE_TIME, got.get(2)[2]);
    }
}
