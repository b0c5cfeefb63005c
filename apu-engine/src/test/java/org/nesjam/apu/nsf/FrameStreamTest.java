package org.nesjam.apu.nsf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.apu.ApuRegion;
import org.nesjam.apu.ApuWriteLog;

/** The NSF frame stream: frame rounding, compaction, the byte encoding and the per-frame limit. */
class FrameStreamTest {
    private static final double PERIOD = FrameStream.framePeriodCycles(ApuRegion.NTSC);

    private static long at(double frames) {
        return Math.round(frames * PERIOD);
    }

    @Test
    void playPeriodsAreTheHeaderSpeeds() {
        assertEquals(16639 * ApuRegion.NTSC.cpuHz() / 1e6, PERIOD, 1e-9);
        assertEquals(29780, PERIOD, 1);
        assertEquals(33247, FrameStream.framePeriodCycles(ApuRegion.PAL), 1);
    }

    @Test
    void writesGoToTheNearestFrameAndEmptyFramesAreRuns() throws Exception {
        ApuWriteLog log = new ApuWriteLog(ApuRegion.NTSC, 48000);
        log.add(0, 0x4015, 0x0F);
        log.add(at(0.4), 0x4000, 0x3F);          // frame 0
        log.add(at(0.6), 0x4002, 0x10);          // frame 1
        log.add(at(2.0), 0x4003, 0x08);          // frame 2
        log.add(at(300), 0x4015, 0x00);          // frame 300: 297 empty frames before it
        FrameStream s = FrameStream.encode(log, at(302), ApuRegion.NTSC);
        byte[] expected = {2, 0x15, 0x0F, 0x00, 0x3F, 1, 0x02, 0x10, 1, 0x03, 0x08,
            (byte) 0xFF, (byte) 0xFF, (byte) (0x80 + 297 - 256 - 1), 1, 0x15, 0x00, (byte) 0x80, 0};
        assertArrayEquals(expected, s.data());
        assertEquals(303, s.frames());
        assertEquals(5, s.writes());
        assertEquals(2, s.maxWritesInFrame());
    }

    @Test
    void pureRegistersKeepTheirLastValueSideEffectsAreAllKept() throws Exception {
        ApuWriteLog log = new ApuWriteLog(ApuRegion.NTSC, 48000);
        log.add(0, 0x4002, 0x10);
        log.add(1, 0x4003, 0x09);
        log.add(2, 0x4002, 0x20);   // same frame: replaces the first $4002 (no time passes between them)
        log.add(3, 0x4003, 0x09);   // phase reset: kept
        log.add(at(1), 0x4002, 0x20); // value it already holds: dropped
        log.add(at(1), 0x400F, 0x08);
        log.add(at(1), 0x400F, 0x08);
        FrameStream s = FrameStream.encode(log, 0, ApuRegion.NTSC);
        byte[] expected = {3, 0x03, 0x09, 0x02, 0x20, 0x03, 0x09, 2, 0x0F, 0x08, 0x0F, 0x08, 0};
        assertArrayEquals(expected, s.data());
    }

    @Test
    void aFrameOverTheLimitIsRefused() {
        ApuWriteLog log = new ApuWriteLog(ApuRegion.NTSC, 48000);
        for (int i = 0; i < FrameStream.MAX_WRITES_PER_FRAME + 1; i++) {
            log.add(at(60), 0x400F, 0x08);
        }
        NsfException e = assertThrows(NsfException.class, () -> FrameStream.encode(log, 0, ApuRegion.NTSC));
        assertEquals("frame 60 (at 1.00 s) needs 128 APU register writes; an NSF frame holds at most 127",
                e.getMessage());
    }

    @Test
    void writerStartsEachSongOnABank() throws Exception {
        ApuWriteLog log = new ApuWriteLog(ApuRegion.NTSC, 48000);
        for (int f = 0; f < 3000; f++) {
            log.add(at(f), 0x4002, f & 0xFF);
        }
        FrameStream a = FrameStream.encode(log, 0, ApuRegion.NTSC); // 3 bytes a frame: about 9 KB, into bank 3
        FrameStream b = FrameStream.encode(log, 0, ApuRegion.NTSC);
        byte[] nsf = NsfWriter.build(List.of(a, b), new NsfWriter.Info("t", "a", "c"), ApuRegion.NTSC);
        int banksA = (a.size() + 4095) / 4096;
        assertEquals(NsfWriter.HEADER_SIZE + (1 + banksA + (b.size() + 4095) / 4096) * 4096, nsf.length);
        int init = (nsf[0x0A] & 0xFF) | (nsf[0x0B] & 0xFF) << 8;
        assertTrue(init > 0x8000 && init < 0x8100, "init at $" + Integer.toHexString(init));
        // the song table: song 1 at bank 1 $9000, song 2 at the start of the bank after song 1's stream
        byte[] tableBytes = {1, 0x00, (byte) 0x90, (byte) (1 + banksA), 0x00, (byte) 0x90};
        assertTrue(indexOf(nsf, tableBytes) > NsfWriter.HEADER_SIZE, "song table (bank, pointer) per song");
        assertArrayEquals(a.data(), java.util.Arrays.copyOfRange(nsf, NsfWriter.HEADER_SIZE + 4096,
                NsfWriter.HEADER_SIZE + 4096 + a.size()));
        int bAt = NsfWriter.HEADER_SIZE + (1 + banksA) * 4096;
        assertArrayEquals(b.data(), java.util.Arrays.copyOfRange(nsf, bAt, bAt + b.size()));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
