package org.nesjam.apu.nsf;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import org.nesjam.apu.ApuRegion;
import org.nesjam.apu.ApuWriteLog;

/**
 * One song's register writes as the NSF driver's frame stream ({@link NsfDriver} reads it, one frame per play call).
 * <p>
 * Timing: a write at CPU cycle {@code c} is played in frame {@code round(c / framePeriodCycles)}, where the frame
 * period is the NSF header's play period ({@link #framePeriodCycles}); frame 0 is played by the init routine, frame
 * {@code k} by the {@code k}-th play call, which players make {@code k} periods after init. So a write lands at most
 * half a frame (8.3 ms NTSC) from where nesjam's render has it, plus the driver's few hundred cycles.
 * <p>
 * Compaction, which leaves the chip's state at the end of every frame as the full write list leaves it: a write to a
 * register without side effects ($4000, $4002, $4004, $4006, $4008, $400A, $400C, $400E, $4011) is dropped when the
 * same frame writes that register again later, or when it writes the value the register already holds. Writes with
 * side effects ($4001 sweep reload, $4003/$4007/$400B/$400F phase and length reload, $4015, $4017) are all kept, in
 * order.
 * <p>
 * Encoding, byte by byte: {@code 0x01-0x7F n}: this frame has {@code n} writes, {@code n} pairs (register - $4000,
 * value) follow; {@code 0x80 + m}: this frame and the next {@code m} frames have no writes ({@code m} 0-127);
 * {@code 0x00}: the song ends, the driver silences the APU ($4015 = 0) and stops (no loop).
 */
public final class FrameStream {
    /** Most writes one frame can hold (the count byte's range). */
    public static final int MAX_WRITES_PER_FRAME = 0x7F;
    private static final int PURE_REGISTERS = 1 << 0x00 | 1 << 0x02 | 1 << 0x04 | 1 << 0x06 | 1 << 0x08
            | 1 << 0x0A | 1 << 0x0C | 1 << 0x0E | 1 << 0x11;

    private final byte[] data;
    private final long frames;
    private final int writes;
    private final int maxWritesInFrame;

    private FrameStream(byte[] data, long frames, int writes, int maxWritesInFrame) {
        this.data = data;
        this.frames = frames;
        this.writes = writes;
        this.maxWritesInFrame = maxWritesInFrame;
    }

    /** The NSF play period for {@code region} in microseconds (header speed field): 16639 NTSC, 19997 PAL. */
    public static int playPeriodMicros(ApuRegion region) {
        return region == ApuRegion.PAL ? 19997 : 16639;
    }

    /** The play period in CPU cycles, as players derive it from the header speed: speed us * CPU Hz / 1e6. */
    public static double framePeriodCycles(ApuRegion region) {
        return playPeriodMicros(region) * region.cpuHz() / 1e6;
    }

    /**
     * Encode {@code log} (writes in cycle order) for {@code region}; the song ends at CPU cycle {@code endCycle}
     * (or one frame after its last write, if later).
     *
     * @throws NsfException when a frame needs more than {@link #MAX_WRITES_PER_FRAME} writes after compaction
     */
    public static FrameStream encode(ApuWriteLog log, long endCycle, ApuRegion region) throws NsfException {
        double period = framePeriodCycles(region);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] shadow = new int[0x18];
        java.util.Arrays.fill(shadow, -1);
        int[] lastInFrame = new int[0x18];
        int[] regs = new int[log.size()];
        int[] values = new int[log.size()];
        long nextFrame = 0; // first frame not yet encoded
        int kept = 0;
        int maxInFrame = 0;
        int i = 0;
        while (i < log.size()) {
            long frame = Math.round(log.cpuCycle(i) / period);
            int j = i;
            while (j < log.size() && Math.round(log.cpuCycle(j) / period) == frame) {
                j++;
            }
            java.util.Arrays.fill(lastInFrame, -1);
            for (int k = i; k < j; k++) {
                int reg = log.address(k) - 0x4000;
                if (reg >= 0 && reg < 0x18) {
                    lastInFrame[reg] = k;
                }
            }
            int n = 0;
            for (int k = i; k < j; k++) {
                int reg = log.address(k) - 0x4000;
                if (reg < 0 || reg >= 0x18 || reg == 0x14 || reg == 0x16) {
                    continue; // not an APU register this driver writes (OAM DMA, joypad)
                }
                int value = log.value(k);
                if ((PURE_REGISTERS >>> reg & 1) != 0 && (lastInFrame[reg] != k || shadow[reg] == value)) {
                    continue;
                }
                shadow[reg] = value;
                regs[n] = reg;
                values[n] = value;
                n++;
            }
            if (n > MAX_WRITES_PER_FRAME) {
                throw new NsfException(String.format(Locale.ROOT, "frame %d (at %.2f s) needs %d APU register"
                        + " writes; an NSF frame holds at most %d", frame, frame * period / region.cpuHz(), n,
                        MAX_WRITES_PER_FRAME));
            }
            if (n > 0) {
                idle(out, frame - nextFrame);
                out.write(n);
                for (int k = 0; k < n; k++) {
                    out.write(regs[k]);
                    out.write(values[k]);
                }
                nextFrame = frame + 1;
                kept += n;
                maxInFrame = Math.max(maxInFrame, n);
            }
            i = j;
        }
        long endFrame = Math.max(nextFrame, Math.round(endCycle / period));
        idle(out, endFrame - nextFrame);
        out.write(0);
        return new FrameStream(out.toByteArray(), endFrame + 1, kept, maxInFrame);
    }

    /** {@code frames} frames without writes. */
    private static void idle(ByteArrayOutputStream out, long frames) {
        while (frames > 0) {
            long m = Math.min(frames, 128);
            out.write((int) (0x80 + m - 1));
            frames -= m;
        }
    }

    /** The encoded stream (ends with the end byte). */
    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    /** Frames from the first to the end byte's frame, inclusive. */
    public long frames() {
        return frames;
    }

    /** Register writes kept after compaction. */
    public int writes() {
        return writes;
    }

    /** The most writes in one frame. */
    public int maxWritesInFrame() {
        return maxWritesInFrame;
    }
}
