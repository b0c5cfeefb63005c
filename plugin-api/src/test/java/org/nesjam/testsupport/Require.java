package org.nesjam.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of tests that need something outside the repo (JACK, RtMidi, the shared data sets).
 * On a developer laptop a missing precondition skips the test with a visible reason; in CI
 * ({@code NESJAM_REQUIRE_NATIVE=1}, set by {@code .ci/run}) it fails the test.
 */
public final class Require {
    private Require() {
    }

    /** True when skips must become failures. */
    public static boolean strict() {
        return "1".equals(System.getenv("NESJAM_REQUIRE_NATIVE"));
    }

    /** Skip (or fail in CI) with {@code reason} unless {@code condition}. */
    public static void that(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (strict()) {
            Assertions.fail("required in CI but missing: " + reason);
        }
        Assumptions.assumeTrue(false, "skipped: " + reason);
    }

    /** The shared folder beside the repo ({@code $NESJAM_SHARED}, else {@code ../shared}), or null. */
    public static Path sharedDir() {
        String env = System.getenv("NESJAM_SHARED");
        Path p = env != null ? Path.of(env) : null;
        if (p == null || !Files.isDirectory(p)) {
            Path cwd = Path.of("").toAbsolutePath();
            for (Path d = cwd; d != null; d = d.getParent()) {
                Path candidate = d.resolveSibling("shared");
                if (Files.isDirectory(candidate.resolve("data"))) {
                    return candidate;
                }
            }
            return null;
        }
        return p;
    }

    /** A path under the shared folder; skips (or fails in CI) when it is not there. */
    public static Path sharedData(String relative) {
        Path shared = sharedDir();
        Path p = shared == null ? null : shared.resolve(relative);
        that(p != null && Files.exists(p), "shared data " + relative + " not found (set NESJAM_SHARED)");
        return p;
    }
}
