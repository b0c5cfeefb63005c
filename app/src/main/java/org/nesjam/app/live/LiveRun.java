package org.nesjam.app.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.nesjam.app.UserError;
import org.nesjam.audio.AudioBackendException;
import org.nesjam.audio.AudioBackends;
import org.nesjam.audio.WavFileBackend;
import org.nesjam.host.rt.Engine;
import org.nesjam.host.rt.EventSourceFeeder;
import org.nesjam.host.EventSource;
import org.nesjam.host.LiveChain;
import org.nesjam.nativebridge.jack.JackAudioBackend;
import org.nesjam.nativebridge.jack.ServerReturn;

/**
 * The run loop of a live command on an opened audio output: starts the engine (stopped again on Ctrl-C, so files
 * are finalized), records if asked, and waits until the user stops nesjam, a time limit, a quit, or the backend
 * stopping by itself; a JACK server that goes away is waited for, and playing goes on when it is back
 * ({@link #awaitServerReturn}). All messages go to stderr, so {@code --audio stdout} stays clean. [main-thread]
 */
public final class LiveRun {
    private LiveRun() {
    }

    /**
     * Runs {@code engine} on {@code opened} until Ctrl-C, {@code seconds} (0: no limit) or {@code quit} answers true
     * (polled every 50 ms). {@code record} (may be null): a WAV copy of the output. {@code ports} (may be null): the
     * command's MIDI ports, released and reopened when a JACK server goes away and comes back; {@code followRate}
     * (may be null) activates the command's chain again when the server came back at another sample rate. Returns
     * the exit code: 0 after Ctrl-C, the time limit or quit, 1 when the backend died (one line on stderr).
     */
    public static int run(Engine engine, AudioBackends.Opened opened, Path record, double seconds,
                          BooleanSupplier quit, LivePorts ports, IntPredicate followRate)
            throws AudioBackendException, InterruptedException {
        long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
        if (engine.state() == Engine.State.STOPPED) {
            engine.start(opened.backend()); // a caller may have started it already (to open MIDI ports after it)
        }
        engine.stopOnShutdown();
        startRecording(engine, record);
        while (true) {
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
                    + (opened.backend() instanceof WavFileBackend w ? " (" + w.path() + " closed)" : ""));
            return 1;
        }
        return 0;
    }

    /**
     * Plays {@code song} (events at sample times of the backend's rate) live through {@code engine}, from 100 ms
     * after the start until its end (or Ctrl-C, or the backend dying); then stops. Returns the exit code like
     * {@link #run}.
     */
    public static int play(Engine engine, AudioBackends.Opened opened, Path record, EventSource song)
            throws AudioBackendException, InterruptedException {
        engine.start(opened.backend());
        engine.stopOnShutdown();
        startRecording(engine, record);
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

    private static void startRecording(Engine engine, Path record) {
        if (record == null) {
            return;
        }
        try {
            engine.startRecording(record);
            System.err.println("audio: recording to " + record);
        } catch (IOException e) {
            engine.stop();
            throw new UserError("cannot record to " + record + ": " + e.getMessage(), e);
        }
    }

    /**
     * Call when {@link Engine#awaitEnd} returned true. When the backend is a JACK client whose server went away,
     * waits for the server to come back ({@link ServerReturn}: one line when it went, one when it is back; the
     * recording goes on into the next part file; the JACK MIDI {@code ports}, if not null, are closed while it is
     * away and opened again) and returns the output to go on with; null when the engine stopped for another reason,
     * or the wait ended (quit, deadline, a sample rate {@code followRate}, see {@link ServerReturn#await}, could not
     * follow) without one.
     */
    public static AudioBackends.Opened awaitServerReturn(Engine engine, AudioBackends.Opened out, LivePorts ports,
                                                         BooleanSupplier quit, long deadlineNanos,
                                                         IntPredicate followRate) throws InterruptedException {
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
    public static boolean serverGone(AudioBackends.Opened out) {
        return out.backend() instanceof JackAudioBackend jack && jack.serverGone();
    }

    /**
     * [engine stopped] The {@code followRate} of the live commands: activates {@code live}'s chain again at
     * {@code sampleRate}; a plugin that refuses is one line on stderr and the answer false.
     */
    public static boolean reactivate(LiveChain live, int sampleRate) {
        try {
            live.reactivate(sampleRate);
            return true;
        } catch (RuntimeException e) {
            System.err.println("nesjam: cannot run the chain at " + sampleRate + " Hz: " + e.getMessage());
            return false;
        }
    }
}
