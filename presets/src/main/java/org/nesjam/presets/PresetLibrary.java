package org.nesjam.presets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nesjam.host.discovery.PluginInfo;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.host.NesjamDirs;
import org.nesjam.json.Json;
import org.nesjam.json.JsonException;
import org.nesjam.json.SafeFiles;

/**
 * The presets and scenes nesjam knows: the shipped library (class-path resources listed in
 * {@code presets/index.txt} and {@code scenes/index.txt}) and the user's files ({@code NAME.json} in
 * {@link NesjamDirs#presetsDir()} and {@link NesjamDirs#scenesDir()}). A preset's name is its file name without
 * {@code .json}; a user preset with the name of a shipped one takes its place. User files are never overwritten
 * silently: {@link #saveUserPreset} keeps the previous file as a backup. Invalid files are listed with their error
 * rather than hidden. [main-thread]
 */
public final class PresetLibrary {
    /** Where a preset or scene came from. */
    public enum Origin { SHIPPED, USER }

    /** One listed file: the parsed preset or scene, or the error that kept it from loading. */
    public record Item<T>(String name, Origin origin, String source, T value, String error) {
    }

    private final Path userPresets;
    private final Path userScenes;
    private final ClassLoader resources;
    private final Function<String, PluginInfo> plugins;

    /** The library of this installation: shipped resources plus the user's config folder. */
    public static PresetLibrary standard() {
        return new PresetLibrary(NesjamDirs.presetsDir(), NesjamDirs.scenesDir(), PresetLibrary.class.getClassLoader());
    }

    /** A library with explicit user folders (tests); {@code resources} finds the shipped files (null: none). */
    public PresetLibrary(Path userPresets, Path userScenes, ClassLoader resources) {
        this(userPresets, userScenes, resources, null);
    }

    private PresetLibrary(Path userPresets, Path userScenes, ClassLoader resources,
                          Function<String, PluginInfo> plugins) {
        this.userPresets = userPresets;
        this.userScenes = userScenes;
        this.resources = resources;
        this.plugins = plugins;
    }

    /**
     * This library, validating each preset's parameters (with file positions) against the installed plugin it
     * names; presets for plugins that are not installed are checked for structure only.
     */
    public PresetLibrary validatingWith(PluginRegistry registry) {
        return new PresetLibrary(userPresets, userScenes, resources, registry::find);
    }

    public Path userPresetsDir() {
        return userPresets;
    }

    public Path userScenesDir() {
        return userScenes;
    }

    /** Every preset, shipped first then user, in name order; user ones replace shipped ones of the same name. */
    public List<Item<Preset>> presets() {
        Map<String, Item<Preset>> byName = new LinkedHashMap<>();
        for (String res : index("presets/index.txt")) {
            String name = baseName(res);
            byName.put(name, shippedPreset(res, name));
        }
        for (Path p : userFiles(userPresets)) {
            String name = baseName(p.getFileName().toString());
            byName.remove(name);
            try {
                byName.put(name, new Item<>(name, Origin.USER, p.toString(), PresetCodec.read(p, plugins), null));
            } catch (IOException e) {
                byName.put(name, new Item<>(name, Origin.USER, p.toString(), null, e.getMessage()));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** Every scene, shipped then user (user ones replace shipped ones of the same name). */
    public List<Item<Scene>> scenes() {
        Map<String, Item<Scene>> byName = new LinkedHashMap<>();
        for (String res : index("scenes/index.txt")) {
            String name = baseName(res);
            try {
                String text = resourceText(res);
                byName.put(name, new Item<>(name, Origin.SHIPPED, res, Scene.fromJson(Json.parse(text, res), name),
                        null));
            } catch (IOException e) {
                byName.put(name, new Item<>(name, Origin.SHIPPED, res, null, e.getMessage()));
            }
        }
        for (Path p : userFiles(userScenes)) {
            String name = baseName(p.getFileName().toString());
            byName.remove(name);
            try {
                byName.put(name, new Item<>(name, Origin.USER, p.toString(), Scene.read(p), null));
            } catch (IOException e) {
                byName.put(name, new Item<>(name, Origin.USER, p.toString(), null, e.getMessage()));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * A preset by file path (an existing file, as {@link #scene} takes one) or by name in the library; a missing or
     * invalid one is an IOException with one clear line.
     */
    public Preset preset(String name) throws IOException {
        if (Files.isRegularFile(Path.of(name))) {
            return PresetCodec.read(Path.of(name), plugins);
        }
        for (Item<Preset> i : presets()) {
            if (i.name().equals(name)) {
                if (i.error() != null) {
                    throw new IOException(i.error());
                }
                return i.value();
            }
        }
        throw new IOException("no preset file or preset named '" + name + "' (see 'nesjam presets')");
    }

    /**
     * A scene by file path (anything containing a path separator or ending in {@code .json} that exists) or by name
     * in the library.
     */
    public Scene scene(String fileOrName) throws IOException {
        Path p = Path.of(fileOrName);
        if (Files.isRegularFile(p)) {
            return Scene.read(p);
        }
        for (Item<Scene> i : scenes()) {
            if (i.name().equals(fileOrName)) {
                if (i.error() != null) {
                    throw new IOException(i.error());
                }
                return i.value();
            }
        }
        throw new IOException("no scene file or scene named '" + fileOrName + "' (see 'nesjam presets')");
    }

    /**
     * Save {@code preset} as the user preset {@code name}. An existing file of that name is kept as
     * {@code NAME.json.bak} (or a numbered backup). Returns the backup path, or null when nothing was replaced.
     */
    public Path saveUserPreset(String name, Preset preset) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IOException("bad preset name '" + name + "': use letters, digits, '.', '_' or '-'");
        }
        String text = PresetCodec.write(preset.withName(name));
        PresetCodec.parse(text, name + ".json", name, null); // never write what we could not read back
        return SafeFiles.writeKeepingBackup(userPresets.resolve(name + ".json"), text);
    }

    private Item<Preset> shippedPreset(String res, String name) {
        try {
            String text = resourceText(res);
            return new Item<>(name, Origin.SHIPPED, res, PresetCodec.fromJson(Json.parse(text, res), name, plugins),
                    null);
        } catch (IOException e) {
            return new Item<>(name, Origin.SHIPPED, res, null, e.getMessage());
        }
    }

    private List<String> index(String indexResource) {
        List<String> out = new ArrayList<>();
        if (resources == null) {
            return out;
        }
        try {
            String text = resourceText(indexResource);
            String dir = indexResource.substring(0, indexResource.lastIndexOf('/') + 1);
            for (String line : text.split("\n")) {
                String l = line.replaceFirst("#.*", "").trim();
                if (!l.isEmpty()) {
                    out.add(dir + l);
                }
            }
        } catch (IOException e) {
            // no shipped library on the class path
        }
        return out;
    }

    private String resourceText(String res) throws IOException {
        try (InputStream in = resources.getResourceAsStream(res)) {
            if (in == null) {
                throw new JsonException(res, 0, 0, "", "shipped file missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Path> userFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            // unreadable folder: nothing listed
        }
        out.sort(null);
        return out;
    }

    private static String baseName(String file) {
        String f = file.substring(file.lastIndexOf('/') + 1);
        return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
    }
}
