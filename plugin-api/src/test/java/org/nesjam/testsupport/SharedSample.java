package org.nesjam.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A sample of the files in a {@code .tar.gz} under the shared folder, extracted once under the calling module's
 * {@code target/} (never under {@code ~/.cache}), so a test that needs real-world files runs on a fresh machine.
 * The sample is every {@code every}-th regular file in archive order; it is deterministic for a given archive.
 */
public final class SharedSample {
    private SharedSample() {
    }

    /**
     * The sampled files of {@code archive} (relative to the shared folder) whose names end with {@code suffix},
     * sorted; skips (or fails in CI) when the archive is missing.
     */
    public static List<Path> files(String archive, String suffix, int every) {
        Path tgz = Require.sharedData(archive);
        String name = tgz.getFileName().toString().replaceAll("\\.tar\\.gz$", "");
        Path dir = Path.of("target", "shared-sample", name + "-every-" + every).toAbsolutePath();
        Path done = dir.resolve(".complete");
        try {
            if (!Files.exists(done)) {
                extract(tgz, dir, suffix, every);
                Files.writeString(done, tgz.toString());
            }
            try (Stream<Path> st = Files.walk(dir)) {
                return st.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract a sample of " + tgz + " into " + dir, e);
        }
    }

    /** A minimal ustar reader: regular files only, names from the 100-byte name field plus the ustar prefix. */
    private static void extract(Path tgz, Path dir, String suffix, int every) throws IOException {
        Files.createDirectories(dir);
        byte[] header = new byte[512];
        int written = 0;
        int index = 0;
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String fileName = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? fileName : prefix + "/" + fileName;
                String octal = field(header, 124, 12).trim();
                long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                boolean regular = type == '0' || type == 0;
                if (regular && path.endsWith(suffix) && !path.contains("..") && index++ % every == 0) {
                    Path out = dir.resolve(path.replace('/', '_'));
                    byte[] data = in.readNBytes((int) size);
                    Path tmp = out.resolveSibling(out.getFileName() + ".part");
                    Files.write(tmp, data);
                    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
                    written++;
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        if (written == 0) {
            throw new IOException("no " + suffix + " files in " + tgz);
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
