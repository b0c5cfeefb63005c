package org.nesjam.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nesjam.app.UserError;

/**
 * The rules for every file a command writes for the user ({@code -o}, {@code --out}, {@code --audio wav:FILE}, the
 * WAV a command falls back to): the extension decides the format, and a name the command cannot write in that
 * format is refused (exit 2); an existing file is never replaced silently: without {@code --force} the output goes
 * to the first free {@code NAME-2.EXT}, {@code NAME-3.EXT}, ... and one line says so. [main-thread]
 */
public final class OutputFile {
    private OutputFile() {
    }

    /**
     * The file to write for {@code file}, given with {@code option}: checked against {@code extensions} (lower case,
     * without dots; the first is the one suggested), not a folder, in an existing folder; an existing file is kept
     * unless {@code force} (a free numbered name is returned and {@code log} says so). Problems are {@link UserError}s.
     */
    public static Path choose(String option, String file, List<String> extensions, boolean force, PrintStream log) {
        String lower = file.toLowerCase(Locale.ROOT);
        String ext = null;
        for (String e : extensions) {
            if (lower.endsWith("." + e)) {
                ext = file.substring(file.length() - e.length());
            }
        }
        if (ext == null) {
            throw new UserError(option + " " + file + ": this command writes " + describe(extensions)
                    + " files; give a name ending in ." + extensions.get(0));
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new UserError(file + ": is a directory; give a file name for " + option);
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError(file + ": cannot write: the directory " + dir + " does not exist");
        }
        if (force || !Files.exists(path)) {
            return path;
        }
        String stem = file.substring(0, file.length() - ext.length() - 1);
        for (int n = 2; ; n++) {
            Path free = Path.of(stem + "-" + n + "." + ext);
            if (!Files.exists(free)) {
                log.println("nesjam: " + file + " exists; writing " + free + " instead (--force overwrites)");
                return free;
            }
        }
    }

    private static String describe(List<String> extensions) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < extensions.size(); i++) {
            sb.append(i == 0 ? "" : i == extensions.size() - 1 ? " or " : ", ").append('.').append(extensions.get(i));
        }
        return sb.toString();
    }
}
