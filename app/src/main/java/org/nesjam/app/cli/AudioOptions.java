package org.nesjam.app.cli;

import java.nio.file.Path;
import java.util.List;
import org.nesjam.app.UserError;
import org.nesjam.audio.AudioBackendException;
import org.nesjam.audio.AudioBackendProvider;
import org.nesjam.audio.AudioBackends;
import org.nesjam.audio.AudioConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The audio-output options of the live commands ({@code play}, {@code jam}): {@code --audio
 * jack|javasound|wav:FILE|stdout} (absent: automatic choice), {@code --buffer FRAMES}, {@code --rate HZ}. Holds and
 * checks them; {@link #open} opens the output (the run loop is the live session's, {@code LiveRun}). All messages go
 * to stderr, so {@code --audio stdout} stays clean. [main-thread]
 */
public final class AudioOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--audio", paramLabel = "OUT", description = "jack, javasound, wav:FILE or stdout (default: the"
            + " best output found: JACK, the sound card, else a WAV file)")
    String audio;

    private int rate = AudioConfig.DEFAULT.sampleRate();
    private int buffer = AudioConfig.DEFAULT.periodFrames();

    @Option(names = "--rate", paramLabel = "HZ", description = "sample rate: 44100, 48000, 88200 or 96000 (default"
            + " 48000; a JACK server sets its own)")
    void rate(int hz) {
        rate = Checks.sampleRate(spec, hz);
    }

    @Option(names = "--buffer", paramLabel = "FRAMES", description = "audio period, 16..8192 frames (default 256)")
    void buffer(int frames) {
        buffer = Checks.range(spec, "--buffer", frames, 16, 8192);
    }

    /** The {@code --audio} value, or null for the automatic choice. */
    public String spec() {
        return audio;
    }

    public AudioConfig requested() {
        return new AudioConfig(rate, buffer, 2);
    }

    /**
     * True when {@code --audio} names an output, or when the automatic choice finds a device (JACK server, sound
     * card) rather than falling back to the WAV file; lets a command keep a faster offline path for file output.
     */
    public boolean liveOutput() {
        if (audio != null) {
            return true;
        }
        for (AudioBackendProvider p : AudioBackends.providers()) {
            if (p.autoPriority() > 0 && p.unavailableReason() == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens the chosen backend and prints its one-line report on stderr. A WAV output ({@code --audio wav:FILE} or
     * the automatic fallback) follows {@link OutputFile}: .wav only, never replacing a file unless {@code force}.
     */
    public AudioBackends.Opened open(boolean force) {
        String chosen = audio;
        String fallback = AudioBackends.FALLBACK_WAV;
        if (chosen == null && !liveOutput()) {
            fallback = OutputFile.choose("the automatic WAV output", fallback, List.of("wav"), force, System.err)
                    .toString();
        }
        if (chosen != null && chosen.startsWith("wav:") && chosen.length() > 4) {
            Path file = OutputFile.choose("--audio wav:", chosen.substring(4), List.of("wav"), force, System.err);
            chosen = "wav:" + file;
        }
        try {
            AudioBackends.Opened opened = AudioBackends.open(chosen, requested(), fallback);
            System.err.println(opened.report());
            AudioConfig actual = opened.config();
            if (audio != null && audio.startsWith("jack") && (actual.sampleRate() != rate
                    || actual.periodFrames() != buffer)) {
                System.err.println("audio: the JACK server sets rate and buffer; using " + actual.describe());
            }
            return opened;
        } catch (AudioBackendException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
