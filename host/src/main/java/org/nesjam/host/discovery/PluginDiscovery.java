package org.nesjam.host.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipException;
import org.nesjam.host.NesjamDirs;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Params;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginApi;
import org.nesjam.plugin.PluginDescriptor;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.plugin.PluginState;

/**
 * Finds plugins the way a DAW scans its VST folder. Built-ins are the {@link PluginFactory} services on the host's
 * class path; every {@code *.jar} in a plugin folder gets its own {@link URLClassLoader} (parent: the host's, so
 * the plugin API is shared) and is searched with {@link ServiceLoader}. Each factory is checked (descriptor, API
 * version via {@link PluginApi#isCompatible}, unique id, a probe instance for its parameters) and either accepted
 * or rejected with a one-line reason; nothing a plugin does at discovery can stop the host.
 * Files that do not end in {@code .jar} are ignored. [main-thread]
 */
public final class PluginDiscovery {
    /** The service file a plugin jar must contain. */
    public static final String SERVICE_FILE = "META-INF/services/" + PluginFactory.class.getName();
    /** Source label of plugins found on the host's class path. */
    public static final String BUILT_IN = "built-in";

    private PluginDiscovery() {
    }

    /** Built-ins, then the default folder ({@link NesjamDirs#pluginsDir()}, if it exists), then {@code extra}. */
    public static PluginRegistry discoverDefault(List<Path> extraFolders) {
        List<Path> folders = new ArrayList<>();
        Path def = NesjamDirs.pluginsDir();
        if (Files.isDirectory(def)) {
            folders.add(def);
        }
        folders.addAll(extraFolders);
        return discover(PluginDiscovery.class.getClassLoader(), folders);
    }

    /**
     * @param builtIns class loader whose {@code PluginFactory} services are the built-ins (null: none)
     * @param folders plugin folders in priority order (an id found earlier wins; later ones are rejected)
     */
    public static PluginRegistry discover(ClassLoader builtIns, List<Path> folders) {
        PluginRegistry registry = new PluginRegistry();
        if (builtIns != null) {
            loadFactories(registry, ServiceLoader.load(PluginFactory.class, builtIns), null, BUILT_IN, true);
        }
        for (Path folder : folders) {
            scanFolder(registry, folder);
        }
        return registry;
    }

    private static void scanFolder(PluginRegistry registry, Path folder) {
        if (!Files.isDirectory(folder)) {
            registry.reject(folder.toString(), "plugin folder not found");
            return;
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path p : ds) {
                jars.add(p);
            }
        } catch (IOException e) {
            registry.reject(folder.toString(), "cannot list plugin folder: " + e.getMessage());
            return;
        }
        jars.sort(null);
        for (Path jar : jars) {
            scanJar(registry, jar);
        }
    }

    /** Checks one jar and registers its factories; every failure becomes a rejection naming the jar. */
    static void scanJar(PluginRegistry registry, Path jar) {
        String source = jar.toString();
        if (!Files.isRegularFile(jar)) {
            registry.reject(source, "not a regular file");
            return;
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            JarEntry entry = jf.getJarEntry(SERVICE_FILE);
            if (entry == null) {
                registry.reject(source, "no plugin descriptor: " + SERVICE_FILE + " is missing");
                return;
            }
            try (InputStream in = jf.getInputStream(entry)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean any = text.lines().map(l -> l.replaceFirst("#.*", "").trim()).anyMatch(l -> !l.isEmpty());
                if (!any) {
                    registry.reject(source, "no plugin descriptor: " + SERVICE_FILE + " names no factory class");
                    return;
                }
            }
        } catch (ZipException e) {
            registry.reject(source, "bad jar (corrupt or not a zip file: " + e.getMessage() + ")");
            return;
        } catch (IOException | SecurityException e) {
            registry.reject(source, "bad jar (cannot read: " + e.getMessage() + ")");
            return;
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("nesjam-plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                    PluginFactory.class.getClassLoader());
        } catch (MalformedURLException e) {
            registry.reject(source, "bad jar path: " + e.getMessage());
            return;
        }
        int accepted = loadFactories(registry, ServiceLoader.load(PluginFactory.class, loader), loader, source,
                false);
        if (accepted > 0) {
            registry.addLoader(loader);
        } else {
            try {
                loader.close();
            } catch (IOException e) {
                // ignore: nothing from it is in use
            }
        }
    }

    /**
     * Instantiates the services of {@code services}; when {@code only} is non-null, only factories defined by that
     * loader count (a plugin jar's loader also sees the parent's services). Returns the number accepted.
     */
    private static int loadFactories(PluginRegistry registry, ServiceLoader<PluginFactory> services,
                                     ClassLoader only, String source, boolean builtIn) {
        int accepted = 0;
        int seen = 0;
        int errors = 0;
        Iterator<PluginFactory> it = services.iterator();
        while (errors < 100) {
            PluginFactory factory;
            try {
                if (!it.hasNext()) {
                    break;
                }
                factory = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                errors++;
                registry.reject(source, "factory could not be loaded: " + rootMessage(e));
                continue;
            }
            if (only != null && factory.getClass().getClassLoader() != only) {
                continue;
            }
            seen++;
            String label = builtIn ? BUILT_IN + " (" + factory.getClass().getName() + ")" : source;
            if (accept(registry, factory, label, builtIn)) {
                accepted++;
            }
        }
        if (only != null && seen == 0 && errors == 0) {
            registry.reject(source, "no PluginFactory implementation found in the jar");
        }
        return accepted;
    }

    private static boolean accept(PluginRegistry registry, PluginFactory factory, String source, boolean builtIn) {
        String cls = factory.getClass().getName();
        PluginDescriptor d;
        try {
            d = factory.descriptor();
        } catch (Throwable t) {
            rethrowFatal(t);
            registry.reject(source, "factory " + cls + " threw in descriptor(): " + rootMessage(t));
            return false;
        }
        if (d == null) {
            registry.reject(source, "factory " + cls + " returned no descriptor");
            return false;
        }
        if (!PluginApi.isCompatible(d.apiVersion())) {
            registry.reject(source, "plugin " + d.id() + " needs plugin API version " + d.apiVersion()
                    + "; this host supports version " + PluginApi.VERSION + " (incompatible API version)");
            return false;
        }
        PluginInfo existing = registry.find(d.id());
        if (existing != null) {
            registry.reject(source, "duplicate plugin id " + d.id() + " (already provided by " + existing.source()
                    + ")");
            return false;
        }
        List<ParamInfo> params = new ArrayList<>();
        boolean hasState;
        Plugin probe = null;
        try {
            probe = factory.create();
            if (probe == null) {
                registry.reject(source, "factory " + cls + " create() returned null");
                return false;
            }
            Params p = probe.extension(Params.class);
            if (p != null) {
                for (int i = 0; i < p.paramCount(); i++) {
                    params.add(p.paramInfo(i));
                }
            }
            hasState = probe.extension(PluginState.class) != null;
        } catch (Throwable t) {
            rethrowFatal(t);
            registry.reject(source, "factory " + cls + " threw in create(): " + rootMessage(t));
            return false;
        } finally {
            if (probe != null) {
                try {
                    probe.destroy();
                } catch (Throwable t) {
                    rethrowFatal(t);
                }
            }
        }
        registry.add(new PluginInfo(d, List.copyOf(params), hasState, source, builtIn, factory));
        return true;
    }

    private static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError v) {
            throw v;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String s = r == t ? t.toString() : t.getMessage() + " (" + r + ")";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
