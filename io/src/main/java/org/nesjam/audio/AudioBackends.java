package org.nesjam.audio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds audio backends with {@link ServiceLoader} and opens the one the user asked for, or the best one available
 * ({@code --audio} absent). [main-thread]
 * <p>
 * Automatic choice: providers with {@link AudioBackendProvider#autoPriority()} &ge; 0, highest first; the first
 * whose {@link AudioBackendProvider#unavailableReason()} is null and that opens wins. The WAV backend (priority 0,
 * file {@value #FALLBACK_WAV}) is the last resort, so a machine without sound hardware still produces audio.
 */
public final class AudioBackends {
    /** The file written when no audio device is usable and the user named none. */
    public static final String FALLBACK_WAV = "out.wav";

    private AudioBackends() {
    }

    /** An opened backend, its configuration and the one-line report for the user (stderr). */
    public record Opened(AudioBackend backend, AudioConfig config, String report) {
    }

    /** Every provider on the class path, highest automatic priority first. */
    public static List<AudioBackendProvider> providers() {
        List<AudioBackendProvider> list = new ArrayList<>();
        for (AudioBackendProvider p : ServiceLoader.load(AudioBackendProvider.class)) {
            list.add(p);
        }
        list.sort(Comparator.comparingInt(AudioBackendProvider::autoPriority).reversed()
                .thenComparing(AudioBackendProvider::name));
        return list;
    }

    /** The provider called {@code name}, or null. */
    public static AudioBackendProvider provider(String name) {
        for (AudioBackendProvider p : providers()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** "jack, javasound, wav:FILE, stdout" (for messages). */
    public static String choices() {
        List<String> names = new ArrayList<>();
        for (AudioBackendProvider p : providers()) {
            names.add(p.needsArgument() ? p.name() + ":FILE" : p.name());
        }
        return String.join(", ", names);
    }

    /**
     * Open the backend named by {@code spec} ({@code jack}, {@code javasound}, {@code wav:FILE}, {@code stdout};
     * null or {@code auto} = automatic choice) with the requested configuration.
     *
     * @throws AudioBackendException with one line naming the problem (unknown name, device missing, file not
     *                               writable); an explicitly named backend never falls back to another
     */
    public static Opened open(String spec, AudioConfig requested) throws AudioBackendException {
        return open(spec, requested, FALLBACK_WAV);
    }

    /** As {@link #open(String, AudioConfig)}, with the automatic choice's fallback file named {@code fallbackWav}. */
    public static Opened open(String spec, AudioConfig requested, String fallbackWav) throws AudioBackendException {
        if (spec == null || spec.isBlank() || spec.equals("auto")) {
            return openAutomatic(requested, fallbackWav);
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String argument = colon < 0 ? null : spec.substring(colon + 1);
        AudioBackendProvider p = provider(name);
        if (p == null) {
            throw new AudioBackendException("unknown audio output '" + spec + "' (choose " + choices() + ")");
        }
        if (p.needsArgument() && (argument == null || argument.isBlank())) {
            throw new AudioBackendException("--audio " + name + " needs a file: --audio " + name + ":FILE");
        }
        AudioBackend backend = p.create(argument, requested);
        AudioConfig config = openOrClose(backend);
        return new Opened(backend, config, "audio: " + backend.describe());
    }

    private static Opened openAutomatic(AudioConfig requested, String fallbackWav) throws AudioBackendException {
        List<String> reasons = new ArrayList<>();
        for (AudioBackendProvider p : providers()) {
            if (p.autoPriority() < 0) {
                continue;
            }
            if (p.needsArgument()) {
                // the file fallback: only when every device backend declined
                AudioBackend backend = p.create(fallbackWav, requested);
                AudioConfig config = openOrClose(backend);
                String why = reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")";
                return new Opened(backend, config,
                        "audio: no audio device on this machine" + why + ", writing " + fallbackWav);
            }
            String reason = p.unavailableReason();
            if (reason != null) {
                reasons.add(p.name() + ": " + reason);
                continue;
            }
            AudioBackend backend = p.create(null, requested);
            try {
                AudioConfig config = backend.open();
                return new Opened(backend, config, "audio: " + backend.describe());
            } catch (AudioBackendException e) {
                backend.close();
                reasons.add(p.name() + ": " + e.getMessage());
            }
        }
        throw new AudioBackendException("no audio output available (" + String.join("; ", reasons) + ")");
    }

    private static AudioConfig openOrClose(AudioBackend backend) throws AudioBackendException {
        try {
            return backend.open();
        } catch (AudioBackendException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
