package org.nesjam.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar from the sources under {@code src/test/resources/testplugins/NAME}: the {@code .java}
 * files are compiled with the JDK's compiler against the test class path (so against this checkout's plugin API),
 * every other file is copied, and the result is packed with {@link JarOutputStream}. Works from a directory or
 * from the plugin-api test-jar.
 */
public final class TestJars {
    private TestJars() {
    }

    /** Compile and jar test plugin {@code name} into {@code outJar}; returns {@code outJar}. */
    public static Path build(String name, Path outJar) throws IOException {
        URL url = TestJars.class.getClassLoader().getResource("testplugins/" + name);
        if (url == null) {
            throw new IOException("no test plugin sources testplugins/" + name);
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                return build(fs.provider().getPath(uri), outJar);
            } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                return build(FileSystems.getFileSystem(uri).provider().getPath(uri), outJar);
            }
        }
        return build(Path.of(uri), outJar);
    }

    private static Path build(Path srcRoot, Path outJar) throws IOException {
        Path work = Files.createTempDirectory("nesjam-testplugin");
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(srcRoot)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) {
                    continue;
                }
                String rel = srcRoot.relativize(p).toString();
                if (rel.endsWith(".java")) {
                    Path to = src.resolve(rel);
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                    sources.add(to);
                } else if (!rel.equals("README.md")) {
                    Path to = classes.resolve(rel);
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                }
            }
        }
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IOException("no Java compiler (tests need a JDK, not a JRE)");
            }
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                    System.getProperty("java.class.path"), "--release", "17", "-nowarn", "-proc:none"));
            for (Path s : sources) {
                args.add(s.toString());
            }
            StringWriter err = new StringWriter();
            OutputStream sink = OutputStream.nullOutputStream();
            int rc = javac.run(null, sink, new java.io.PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    err.write(b);
                }
            }), args.toArray(new String[0]));
            if (rc != 0) {
                throw new IOException("compiling test plugin " + srcRoot + " failed:\n" + err);
            }
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(outJar.toAbsolutePath().getParent());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(outJar), mf);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isDirectory(p)) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, jar);
                jar.closeEntry();
            }
        }
        return outJar;
    }
}
