package org.nesjam.threads;

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

/**
 * Rules every module's sources keep, checked on the files themselves: thread tags are {@link NesjamThread} roles,
 * production threads are named only through it, and every package documents what it owns and its threads.
 */
class SourceRulesTest {
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]\\n]*\\]");
    private static final Pattern TAG = Pattern.compile("\\b([a-z][a-z-]*)-thread\\b");

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

    /**
     * Every package of every module has a package-info.java that states its threads. Test-only packages count when no main tree has the same package.
     */
    @Test
    void everyPackageSaysWhatItOwnsAndItsThreads() {
        Set<Path> mainPackages = new java.util.HashSet<>();
        Set<Path> packages = new java.util.TreeSet<>();
        for (Path file : javaSources()) {
            Path rel = root().relativize(file);
            String tree = rel.subpath(1, 4).toString().replace('\\', '/'); // src/main/java or src/test/java
            Path pkg = rel.subpath(4, rel.getNameCount() - 1);
            if (tree.equals("src/main/java")) {
                mainPackages.add(pkg);
            }
            packages.add(rel.getParent());
        }
        List<String> missing = new ArrayList<>();
        for (Path dir : packages) {
            boolean test = dir.subpath(1, 4).toString().replace('\\', '/').equals("src/test/java");
            if (test && mainPackages.contains(dir.subpath(4, dir.getNameCount()))) {
                continue; // a test tree of a documented main package
            }
            Path info = root().resolve(dir).resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                missing.add(dir + ": no package-info.java");
            } else if (!read(info).toLowerCase(java.util.Locale.ROOT).contains("thread")) {
                missing.add(dir + ": package-info.java says nothing about threads");
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
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
