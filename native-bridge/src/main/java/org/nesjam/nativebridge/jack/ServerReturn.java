package org.nesjam.nativebridge.jack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nesjam.audio.AudioBackendException;
import org.nesjam.audio.AudioConfig;
import org.nesjam.host.rt.Engine;
import org.nesjam.nativebridge.rtmidi.JackProbe;

/**
 * Riding out a JACK server restart (a crash, or QjackCtl restarting it with new settings). When the server under a
 * running {@link Engine} goes away, {@link #await} stops the engine (the recording is finalized, so it stays
 * playable), waits for a server of the same name to come back, starts the engine again on a fresh client with the
 * same name and auto-connection, and records on into the next part file ({@code take.wav}, then
 * {@code take-part2.wav}, ...). The engine's sample clock resumes where it stopped and a chain the engine does not
 * own stays active throughout, so instrument state and a generator's timeline carry over. A server that comes back at
 * another sample rate is followed when the engine owns its chain (it activates it again at the new rate) or when the
 * caller's {@code followRate} re-activates its own chain at that rate.
 * <p>
 * Threads: [main-thread], the thread that waits on the engine. The old client's handle is left alone (closing a
 * client of a dead server can block in libjack), as {@link JackAudioBackend#close()} does.
 */
public final class ServerReturn {
    /** How often the server is looked for while it is gone. */
    public static final long POLL_MILLIS = 250;
    private static final Pattern PART = Pattern.compile("(.*)-part(\\d+)");

    private ServerReturn() {
    }

    /**
     * Call after {@link Engine#awaitEnd} saw {@code gone}'s server shut down. Prints one line on {@code log} when the
     * server went away and one when it is back (or why it cannot be used).
     *
     * @param quit     polled every {@link #POLL_MILLIS}: true ends the wait (the user quit)
     * @param deadlineNanos {@link System#nanoTime()} at which the wait ends ({@code Long.MAX_VALUE}: none)
     * @param followRate for a chain the engine does not own, when the server came back at another rate: activates
     *                 the chain again at that rate (the engine is stopped) and answers whether it could; null: a rate
     *                 change ends the wait
     * @return the running backend, or null when the wait ended without one (the engine is then STOPPED)
     */
    public static JackAudioBackend await(Engine engine, JackAudioBackend gone, BooleanSupplier quit,
                                         long deadlineNanos, Consumer<String> log, IntPredicate followRate)
            throws InterruptedException {
        Path recording = engine.recordingPath();
        String reason = engine.backendStopReason();
        int rate = gone.config().sampleRate();
        engine.stop();
        log.accept("nesjam: " + reason + (recording != null ? " (" + recording + " closed)" : "")
                + "; waiting for it to come back");
        while (!quit.getAsBoolean() && System.nanoTime() - deadlineNanos < 0) {
            Thread.sleep(POLL_MILLIS);
            if (!JackProbe.serverRunning()) {
                continue;
            }
            JackAudioBackend next = gone.successor();
            try {
                AudioConfig config = next.open();
                if (config.sampleRate() != rate && !engine.ownsChain()
                        && (followRate == null || !followRate.test(config.sampleRate()))) {
                    next.close();
                    log.accept("nesjam: jack: the server came back at " + config.sampleRate() + " Hz, not " + rate
                            + " Hz; restart nesjam to follow it");
                    return null;
                }
                rate = config.sampleRate(); // the chain runs at this rate now
                engine.start(next);
            } catch (AudioBackendException e) {
                next.close(); // the server is still starting, or went away again: look again
                continue;
            } catch (RuntimeException e) { // the chain could not start at the server's settings
                next.close();
                log.accept("nesjam: jack: the server is back, but nesjam cannot play on it: " + e.getMessage());
                return null;
            }
            String recordingNote = "";
            if (recording != null) {
                Path part = nextPart(recording);
                try {
                    engine.startRecording(part);
                    recordingNote = "; recording on into " + part;
                } catch (IOException e) {
                    recordingNote = "; cannot record on into " + part + ": " + e.getMessage();
                }
            }
            log.accept("nesjam: jack: the server is back, playing on (" + next.describe() + ")" + recordingNote);
            return next;
        }
        return null;
    }

    /** {@code dir/take.wav -> dir/take-part2.wav -> dir/take-part3.wav} (any extension). */
    public static Path nextPart(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Matcher m = PART.matcher(stem);
        String next = m.matches() ? m.group(1) + "-part" + (Integer.parseInt(m.group(2)) + 1) : stem + "-part2";
        return file.resolveSibling(next + ext);
    }
}
