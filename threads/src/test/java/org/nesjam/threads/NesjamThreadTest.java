package org.nesjam.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NesjamThreadTest {
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]\\n]*\\]");
    private static final Pattern TAG = Pattern.compile("\\b([a-z][a-z-]*)-thread\\b");

    @Test
    void namesAndTagsFollowTheRole() {
        assertEquals("nesjam-audio", NesjamThread.AUDIO.threadName());
        assertEquals("nesjam-midi-in-kbd", NesjamThread.MIDI_IN.threadName("kbd"));
        assertEquals("[generator-thread]", NesjamThread.GENERATOR.tag());
        assertEquals("nesjam-fault-reporter", NesjamThread.FAULT_REPORTER.newThread(() -> { }).getName());
        assertEquals("nesjam-audio-wav", NesjamThread.AUDIO.newThread("wav", () -> { }).getName());
    }

    @Test
    void aThreadBelongsToItsRoleOnly() throws InterruptedException {
        Thread page = NesjamThread.CONTROL_PAGE.daemonFactory().newThread(() -> { });
        assertTrue(page.isDaemon());
        assertTrue(NesjamThread.CONTROL_PAGE.is(page));
        assertFalse(NesjamThread.CONTROL.is(page), "control-page is not a control thread");
        assertTrue(NesjamThread.CONTROL.is(NesjamThread.CONTROL.newThread("jam", () -> { })));
        assertFalse(NesjamThread.AUDIO.is(new Thread(() -> { }, "nesjam-audiophile")));
        boolean[] seen = new boolean[2];
        Thread audio = NesjamThread.AUDIO.newThread("test", () -> {
            seen[0] = NesjamThread.AUDIO.isCurrent();
            seen[1] = NesjamThread.GENERATOR.isCurrent();
        });
        audio.start();
        audio.join();
        assertTrue(seen[0]);
        assertFalse(seen[1]);
        assertFalse(NesjamThread.AUDIO.isCurrent());
    }

    /** Every thread tag in every module's comments names a role here (or is {@code any-thread}). */
    @Test
    void everyThreadTagInTheSourcesIsARole() {
        Set<String> roles = Arrays.stream(NesjamThread.values()).map(NesjamThread::role).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        for (Path file : javaSources()) {
            Matcher brackets = BRACKETS.matcher(read(file));
            while (brackets.find()) {
                Matcher tag = TAG.matcher(brackets.group());
                while (tag.find()) {
                    if (!roles.contains(tag.group(1)) && !tag.group(1).equals("any")) {
                        unknown.add(root().relativize(file) + ": " + tag.group());
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "thread tags that are no NesjamThread role: " + unknown);
    }

    /** Production code names and checks threads only through {@link NesjamThread}. */
    @Test
    void productionThreadsAreNamedHereOnly() {
        List<String> offenders = new ArrayList<>();
        for (Path file : javaSources()) {
            String path = root().relativize(file).toString().replace('\\', '/');
            if (path.startsWith("threads/")) {
                continue;
            }
            String text = read(file);
            if (path.contains("/src/main/") && (text.contains("new Thread(") || text.contains(".setName("))) {
                offenders.add(path + ": starts or renames a thread itself");
            }
            if (text.contains("currentThread().getName()")) {
                offenders.add(path + ": checks a thread by its name string");
            }
        }
        assertTrue(offenders.isEmpty(), "use NesjamThread: " + offenders);
    }

    private static List<Path> javaSources() {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root())) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src"))).toList()) {
                for (String tree : List.of("src/main/java", "src/test/java")) {
                    Path dir = module.resolve(tree);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> files = Files.walk(dir)) {
                            files.filter(f -> f.toString().endsWith(".java")).forEach(all::add);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(all.size() > 300, "found the sources of every module (" + all.size() + " files)");
        return all;
    }

    /** The project's root: the nearest folder up from the module with a pom listing the threads module. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<module>threads</module>")) {
                return p;
            }
        }
        throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
