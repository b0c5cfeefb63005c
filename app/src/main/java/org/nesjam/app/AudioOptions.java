package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.nesjam.audio.AudioBackendException;
import org.nesjam.audio.AudioBackends;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.EventSource;
import org.nesjam.host.LiveChain;
import org.nesjam.host.rt.Engine;
import org.nesjam.host.rt.EventSourceFeeder;
import org.nesjam.nativebridge.jack.JackAudioBackend;
import org.nesjam.nativebridge.jack.ServerReturn;

/**
 * The audio-output options shared by the live commands ({@code play}, {@code jam}):
 * {@code --audio jack|javasound|wav:FILE|stdout} (absent: automatic choice), {@code --buffer FRAMES},
 * {@code --rate HZ}, {@code --record FILE} (a WAV copy of the output, written off the audio thread). [main-thread]
 * <p>
 * Use: add {@link #VALUED} to the command's {@code valuedOptions()}, then
 * <pre>
 * AudioOptions audio = AudioOptions.from(args);
 * AudioBackends.Opened out = audio.open();          // prints the one-line report on stderr
 * ... build the chain at out.config().sampleRate(), new Engine(...) ...
 * return audio.run(engine, out);                      // starts, records, waits for Ctrl-C or a dead server
 * </pre>
 * All messages go to stderr, so {@code --audio stdout} stays clean.
 */
public final class AudioOptions {
    /** Options that take a value. */
    public static final Set<String> VALUED = Set.of("audio", "buffer", "rate", "record");
    /** For usage lines. */
    public static final String USAGE = "[--audio jack|javasound|wav:FILE|stdout] [--buffer FRAMES] [--rate HZ] "
            + "[--record FILE]";

    private final String spec;
    private final AudioConfig requested;
    private final Path record;

    private AudioOptions(String spec, AudioConfig requested, Path record) {
        this.spec = spec;
        this.requested = requested;
        this.record = record;
    }

    /** Parse and check the options; bad values are a {@link UserError}. */
    public static AudioOptions from(Args args) {
        int rate = args.getInt("rate", AudioConfig.DEFAULT.sampleRate());
        int buffer = args.getInt("buffer", AudioConfig.DEFAULT.periodFrames());
        if (rate < 8_000 || rate > 192_000) {
            throw new UserError("--rate must be 8000..192000 Hz, got " + rate);
        }
        if (buffer < 16 || buffer > 8192) {
            throw new UserError("--buffer must be 16..8192 frames, got " + buffer);
        }
        String spec = args.get("audio", null);
        String rec = args.get("record", null);
        if (rec != null && rec.isBlank()) {
            throw new UserError("--record needs a file name");
        }
        return new AudioOptions(spec, new AudioConfig(rate, buffer, 2), rec == null ? null : Path.of(rec));
    }

    /** The {@code --audio} value, or null for the automatic choice. */
    public String spec() {
        return spec;
    }

    public AudioConfig requested() {
        return requested;
    }

    /** The {@code --record} file, or null. */
    public Path record() {
        return record;
    }

    /**
     * True when {@code --audio} names an output, or when the automatic choice finds a device (JACK server, sound
     * card) rather than falling back to the WAV file; lets a command keep a faster offline path for file output.
     */
    public boolean liveOutput() {
        if (spec != null) {
            return true;
        }
        for (org.nesjam.audio.AudioBackendProvider p : AudioBackends.providers()) {
            if (p.autoPriority() > 0 && p.unavailableReason() == null) {
                return true;
            }
        }
        return false;
    }

    /** Open the chosen backend and print its one-line report on stderr. */
    public AudioBackends.Opened open() {
        try {
            AudioBackends.Opened opened = AudioBackends.open(spec, requested);
            System.err.println(opened.report());
            AudioConfig actual = opened.config();
            if (spec != null && spec.startsWith("jack") && (actual.sampleRate() != requested.sampleRate()
                    || actual.periodFrames() != requested.periodFrames())) {
                System.err.println("audio: the JACK server sets rate and buffer; using " + actual.describe());
            }
            return opened;
        } catch (AudioBackendException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /**
     * Start {@code engine} on the opened backend (stopped again on Ctrl-C, so files are finalized), start the
     * {@code --record} file if asked, and wait until the user stops nesjam or the backend stops by itself. Returns
     * the exit code: 0 after Ctrl-C (the JVM exits from the hook), 1 when the backend died (one line on stderr).
     * A JACK server that goes away is waited for, and playing goes on when it is back ({@link #awaitServerReturn}).
     */
    public int run(Engine engine, AudioBackends.Opened opened) throws AudioBackendException, InterruptedException {
        return run(engine, opened, 0, () -> false, null, null);
    }

    /**
     * Like {@link #run(Engine, AudioBackends.Opened)}, but also stops after {@code seconds} (0: no limit) or as soon
     * as {@code quit} answers true (polled every 50 ms); {@code ports} (may be null) are the command's MIDI ports,
     * released and reopened when a JACK server goes away and comes back; {@code followRate} (may be null) activates
     * the command's chain again when the server came back at another sample rate.
     */
    public int run(Engine engine, AudioBackends.Opened opened, double seconds, BooleanSupplier quit,
                   LivePorts ports, IntPredicate followRate)
            throws AudioBackendException, InterruptedException {
        long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
        if (engine.state() == Engine.State.STOPPED) {
            engine.start(opened.backend()); // a caller may have started it already (to open MIDI ports after it)
        }
        engine.stopOnShutdown();
        if (record != null) {
            try {
                engine.startRecording(record);
                System.err.println("audio: recording to " + record);
            } catch (IOException e) {
                engine.stop();
                throw new UserError("cannot record to " + record + ": " + e.getMessage(), e);
            }
        }
        while (true) {
            // playing until Ctrl-C, the time limit, quit, or the backend gives up
            if (engine.awaitEnd(50, TimeUnit.MILLISECONDS)) {
                AudioBackends.Opened back = awaitServerReturn(engine, opened, ports, quit, deadline, followRate);
                if (back == null) {
                    break;
                }
                opened = back;
            } else if (quit.getAsBoolean() || System.nanoTime() >= deadline) {
                break;
            }
        }
        if (serverGone(opened)) {
            return quit.getAsBoolean() || System.nanoTime() >= deadline ? 0 : 1; // awaitServerReturn said why
        }
        String reason = engine.backendStopReason();
        engine.stop();
        if (reason != null) {
            System.err.println("nesjam: " + reason + "; stopped" + (record != null ? " (" + record + " closed)" : "")
                    + (opened.backend() instanceof org.nesjam.audio.WavFileBackend w ? " (" + w.path() + " closed)"
                    : ""));
            return 1;
        }
        return 0;
    }

    /**
     * [main-thread] Call when {@link Engine#awaitEnd} returned true. When the backend is a JACK client whose server
     * went away, waits for the server to come back ({@link ServerReturn}: one line when it went, one when it is
     * back; the recording goes on into the next part file; the JACK MIDI {@code ports}, if not null, are closed
     * while it is away and opened again) and returns the output to go on with; null when the
     * engine stopped for another reason, or the wait ended (quit, deadline, a sample rate {@code followRate}, see
     * {@link ServerReturn#await}, could not follow) without one.
     */
    static AudioBackends.Opened awaitServerReturn(Engine engine, AudioBackends.Opened out, LivePorts ports,
                                                  BooleanSupplier quit, long deadlineNanos, IntPredicate followRate)
            throws InterruptedException {
        if (!serverGone(out)) {
            return null;
        }
        if (ports != null) {
            ports.releaseJackPorts();
        }
        JackAudioBackend back = ServerReturn.await(engine, (JackAudioBackend) out.backend(), quit, deadlineNanos,
                System.err::println, followRate);
        if (back == null) {
            return null;
        }
        if (ports != null) {
            ports.reopenAfterServerReturn();
        }
        return new AudioBackends.Opened(back, back.config(), "audio: " + back.describe());
    }

    /** Whether {@code out} is a JACK client whose server went away. */
    static boolean serverGone(AudioBackends.Opened out) {
        return out.backend() instanceof JackAudioBackend jack && jack.serverGone();
    }

    /**
     * [main-thread, engine stopped] The {@code followRate} of the live commands: activates {@code live}'s chain
     * again at {@code sampleRate}; a plugin that refuses is one line on stderr and the answer false.
     */
    static boolean reactivate(LiveChain live, int sampleRate) {
        try {
            live.reactivate(sampleRate);
            return true;
        } catch (RuntimeException e) {
            System.err.println("nesjam: cannot run the chain at " + sampleRate + " Hz: " + e.getMessage());
            return false;
        }
    }

    /**
     * Play {@code song} (events at sample times of the backend's rate) live on the opened backend through
     * {@code engine}, from 100 ms after the start until its end (or Ctrl-C, or the backend dying); then stop.
     * Returns the exit code like {@link #run}.
     */
    public int play(Engine engine, AudioBackends.Opened opened, EventSource song)
            throws AudioBackendException, InterruptedException {
        engine.start(opened.backend());
        engine.stopOnShutdown();
        if (record != null) {
            try {
                engine.startRecording(record);
            } catch (IOException e) {
                engine.stop();
                throw new UserError("cannot record to " + record + ": " + e.getMessage(), e);
            }
        }
        boolean finished;
        try (EventSourceFeeder feeder = new EventSourceFeeder(engine, song, opened.config().sampleRate() / 10)) {
            feeder.start();
            finished = feeder.awaitFinished(Long.MAX_VALUE / 4, TimeUnit.NANOSECONDS);
        }
        String reason = engine.backendStopReason();
        engine.stop();
        if (!finished && reason != null) {
            System.err.println("nesjam: " + reason + "; stopped" + (record != null ? " (" + record + " closed)" : ""));
            return 1;
        }
        return 0;
    }
}
