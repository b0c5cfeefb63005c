package org.nesjam.host;

import java.nio.file.Path;

/**
 * Where nesjam keeps per-user files. The config folder is the system property {@code nesjam.config.dir} or
 * {@code $NESJAM_CONFIG_DIR} when set (tests and CI use them so nothing touches the real home), else
 * {@code $XDG_CONFIG_HOME/nesjam}, else {@code ~/.config/nesjam}.
 * Nothing here creates folders. [thread-safe]
 */
public final class NesjamDirs {
    private NesjamDirs() {
    }

    /** The user's nesjam config folder (may not exist yet). */
    public static Path configDir() {
        String override = System.getProperty("nesjam.config.dir");
        if (override == null || override.isBlank()) {
            override = System.getenv("NESJAM_CONFIG_DIR");
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "nesjam");
        }
        return Path.of(System.getProperty("user.home"), ".config", "nesjam");
    }

    /** The default plugin folder: jars dropped here are discovered at start. */
    public static Path pluginsDir() {
        return configDir().resolve("plugins");
    }

    /** The user's preset folder. */
    public static Path presetsDir() {
        return configDir().resolve("presets");
    }

    /** The user's scene folder. */
    public static Path scenesDir() {
        return configDir().resolve("scenes");
    }
}
