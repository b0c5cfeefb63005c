package org.nesjam.apu.nsf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nesjam.apu.ApuRegion;

/**
 * NSF files (version 1, bank-switched, no expansion audio) that replay {@link FrameStream}s with {@link NsfDriver}:
 * the 128-byte header (title, artist, copyright, song count, NTSC 16639 us or PAL 19997 us play period and the
 * region flag), bank 0 with the driver and song table at $8000, then the songs' streams in 4 KB banks 1-255, each
 * song from the start of a bank: a song's bytes then sit at the same page and bank offsets as when it is alone,
 * so the driver writes at the same cycles and a player renders song k exactly as the song exported alone. Bank-switching players (libgme, NSFPlay, hardware carts) play it. [any thread; stateless]
 */
public final class NsfWriter {
    public static final int HEADER_SIZE = 0x80;
    public static final int BANK_SIZE = 0x1000;
    /** Data banks after the driver's bank (the bank register is one byte). */
    public static final int MAX_DATA_BANKS = 255;
    /** Songs the driver's table can index (3 bytes each, X register). */
    public static final int MAX_SONGS = 85;
    /** Bytes of a text field, the terminating zero included. */
    public static final int TEXT_FIELD = 32;

    /** The header's text fields; each is cut to 31 ASCII characters (others become '?'). */
    public record Info(String title, String artist, String copyright) {
    }

    private NsfWriter() {
    }

    /** The NSF bytes for {@code songs} (song 1 first). */
    public static byte[] build(List<FrameStream> songs, Info info, ApuRegion region) throws NsfException {
        if (songs.isEmpty() || songs.size() > MAX_SONGS) {
            throw new NsfException("an NSF holds 1 to " + MAX_SONGS + " songs, not " + songs.size());
        }
        long dataBytes = 0;
        int[] banks = new int[songs.size()];
        int[] pointers = new int[songs.size()];
        long[] offsets = new long[songs.size()];
        for (int s = 0; s < songs.size(); s++) {
            offsets[s] = dataBytes;
            banks[s] = (int) (1 + dataBytes / BANK_SIZE);
            pointers[s] = NsfDriver.WINDOW;
            dataBytes += (songs.get(s).size() + BANK_SIZE - 1) / BANK_SIZE * BANK_SIZE; // next song: next bank
        }
        long maxData = (long) MAX_DATA_BANKS * BANK_SIZE;
        if (dataBytes > maxData) {
            long frames = 0;
            for (FrameStream f : songs) {
                frames += f.frames();
            }
            double minutes = frames * FrameStream.playPeriodMicros(region) / 60e6;
            throw new NsfException(String.format(Locale.ROOT, "%.1f minutes of music need %,d KB of register data;"
                    + " an NSF holds at most %,d KB (%d banks of 4 KB)", minutes, (dataBytes + 1023) / 1024,
                    maxData / 1024, MAX_DATA_BANKS));
        }
        NsfDriver.Code code = NsfDriver.assemble(banks, pointers);
        int dataBanks = (int) ((dataBytes + BANK_SIZE - 1) / BANK_SIZE);
        byte[] file = new byte[HEADER_SIZE + (1 + dataBanks) * BANK_SIZE];
        byte[] magic = {'N', 'E', 'S', 'M', 0x1A};
        System.arraycopy(magic, 0, file, 0, magic.length);
        file[0x05] = 1;
        file[0x06] = (byte) songs.size();
        file[0x07] = 1;
        le16(file, 0x08, NsfDriver.LOAD_ADDRESS);
        le16(file, 0x0A, code.initAddress());
        le16(file, 0x0C, code.playAddress());
        text(file, 0x0E, info.title());
        text(file, 0x2E, info.artist());
        text(file, 0x4E, info.copyright());
        le16(file, 0x6E, FrameStream.playPeriodMicros(ApuRegion.NTSC));
        // banks mapped at $8000..$F000 on init: driver at $8000, the first data bank at $9000 (non-zero: switched)
        file[0x70] = 0;
        file[0x71] = 1;
        le16(file, 0x78, FrameStream.playPeriodMicros(ApuRegion.PAL));
        file[0x7A] = (byte) (region == ApuRegion.PAL ? 1 : 0);
        System.arraycopy(code.bytes(), 0, file, HEADER_SIZE, code.bytes().length);
        for (int s = 0; s < songs.size(); s++) {
            byte[] d = songs.get(s).data();
            System.arraycopy(d, 0, file, (int) (HEADER_SIZE + BANK_SIZE + offsets[s]), d.length);
        }
        return file;
    }

    /** True when {@code path} is an NSF this writer made (header magic and the driver's signature). */
    public static boolean isNesjamNsf(Path path) throws IOException {
        byte[] head = new byte[HEADER_SIZE + NsfDriver.SIGNATURE.length];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return n == head.length && head[0] == 'N' && head[1] == 'E' && head[2] == 'S' && head[3] == 'M'
                && head[4] == 0x1A && Arrays.equals(head, HEADER_SIZE, head.length, NsfDriver.SIGNATURE, 0,
                NsfDriver.SIGNATURE.length);
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void text(byte[] b, int at, String s) {
        byte[] ascii = (s == null ? "" : s).getBytes(StandardCharsets.US_ASCII); // unmappable -> '?'
        int n = Math.min(ascii.length, TEXT_FIELD - 1);
        for (int i = 0; i < n; i++) {
            b[at + i] = ascii[i] < 0x20 ? (byte) '?' : ascii[i];
        }
    }
}
