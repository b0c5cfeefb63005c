package org.nesjam.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writing user files without ever losing one: the new content goes to a temporary file in the same folder and is
 * moved into place; an existing file is first kept as {@code NAME.bak}, or {@code NAME.1.bak}, {@code NAME.2.bak}
 * ... when that is taken (backups are never overwritten). [main-thread; not safe against concurrent writers]
 */
public final class SafeFiles {
    private SafeFiles() {
    }

    /**
     * Write {@code text} (UTF-8) to {@code file}. Returns the backup path when an existing file was kept, else null.
     */
    public static Path writeKeepingBackup(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Path backup = null;
            if (Files.exists(file)) {
                backup = freeBackupName(file);
                Files.move(file, backup);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            return backup;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The first of {@code NAME.bak}, {@code NAME.1.bak}, {@code NAME.2.bak}... that does not exist. */
    public static Path freeBackupName(Path file) {
        String name = file.getFileName().toString();
        Path candidate = file.resolveSibling(name + ".bak");
        for (int i = 1; Files.exists(candidate); i++) {
            candidate = file.resolveSibling(name + "." + i + ".bak");
        }
        return candidate;
    }
}
