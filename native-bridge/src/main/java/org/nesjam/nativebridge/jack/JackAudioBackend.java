package org.nesjam.nativebridge.jack;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackProcessCallback;
import org.jaudiolibs.jnajack.JackShutdownCallback;
import org.jaudiolibs.jnajack.JackStatus;
import org.jaudiolibs.jnajack.JackXrunCallback;
import org.nesjam.audio.AudioBackend;
import org.nesjam.audio.AudioBackendException;
import org.nesjam.audio.AudioBackendProvider;
import org.nesjam.audio.AudioCallback;
import org.nesjam.audio.AudioConfig;
import org.nesjam.audio.DeviceTimeline;
import org.nesjam.nativebridge.rtmidi.JackProbe;

/**
 * {@code --audio jack}: a JACK client (through jnajack/JNA) with output ports {@code out_1} and {@code out_2},
 * auto-connected to the server's physical playback ports unless told otherwise. The sample rate and period are
 * the server's ({@code --rate}/{@code --buffer} cannot change them; the report says what is in force).
 * <p>
 * Threads: JACK's process thread is the audio thread; jnajack keeps it attached to the JVM
 * (CallbackThreadInitializer). The process callback hands the engine preallocated planar arrays (room for 8192
 * frames, JACK's largest period) and copies them into the port buffers; it catches everything, so no Java exception
 * unwinds into libjack. The xrun callback counts; the shutdown callback (server gone) marks the client dead and
 * tells the engine once, which then stops and closes everything from its own thread: {@link #stop()} and
 * {@link #close()} skip the calls that would talk to a dead server, so they never hang. A live command can go on
 * with a {@link #successor()} when the server comes back ({@link ServerReturn}).
 * <p>
 * Time: each cycle reads {@code jack_last_frame_time}. Where the server skipped this client's cycles in an xrun
 * the engine is told the frames it missed ({@link AudioCallback#framesSkipped}) before the next render, and a cycle
 * it is called for again (seen on a dummy server: called late for one cycle, then again at the same frame time) plays
 * the last render again instead of rendering ahead; so the engine's sample time stays JACK's frame time less a
 * constant, and events timed on it (a MIDI clock's ticks) keep their spacing through xruns. The {@link #timeline()}
 * publishes that constant, so JACK MIDI ports can stamp their events with the engine's time of their frame.
 * <p>
 * What JNA costs on the audio thread: each callback allocates a few small objects inside JNA (argument arrays,
 * a boxed frame count, the boxed {@code jack_last_frame_time}, a {@code Pointer} per port buffer); the engine
 * itself allocates nothing. The allocation
 * rate per cycle is measured by {@code nesjam bench xruns}.
 */
public final class JackAudioBackend implements AudioBackend {
    /** Largest JACK period; the output arrays are this long. */
    static final int MAX_FRAMES = 8192;

    private final String clientName;
    private final boolean autoConnect;
    private final AudioConfig requested;
    private final DeviceTimeline timeline;
    private final AtomicLong xruns = new AtomicLong();
    private final AtomicLong callbackErrors = new AtomicLong();
    /** JACK frame time (32 bits, wrapping) the next cycle should start at (-1: none rendered yet). [audio-thread] */
    private long nextCycleFrame = -1;
    private final AtomicBoolean dead = new AtomicBoolean();
    private final AtomicBoolean shutdownReported = new AtomicBoolean();
    private volatile AudioCallback callback;
    private volatile AudioConfig config;
    private volatile long audioThreadId = -1;
    private JackClient client;
    private JackPort[] ports;
    private float[][] out;
    private boolean active;
    private boolean closed;
    private final List<String> connectedTo = new ArrayList<>();

    // callbacks held in fields: JNA must not lose them while JACK may call them
    private final JackProcessCallback processCallback = this::process;
    private final JackXrunCallback xrunCallback = c -> xruns.incrementAndGet();
    private final JackShutdownCallback shutdownCallback = c -> serverShutdown();

    /**
     * @param clientName  JACK client name (a taken name gets a suffix from the server)
     * @param autoConnect connect {@code out_1/out_2} to the first two physical playback ports
     */
    public JackAudioBackend(String clientName, boolean autoConnect, AudioConfig requested) {
        this(clientName, autoConnect, requested, new DeviceTimeline());
    }

    private JackAudioBackend(String clientName, boolean autoConnect, AudioConfig requested, DeviceTimeline timeline) {
        this.clientName = clientName;
        this.autoConnect = autoConnect;
        this.requested = requested;
        this.timeline = timeline;
    }

    /**
     * JACK's frame clock against the engine's sample time, published each cycle (shared with the {@link #successor}):
     * JACK MIDI ports stamp their events on it and send theirs by it.
     */
    public DeviceTimeline timeline() {
        return timeline;
    }

    @Override
    public String name() {
        return "jack";
    }

    @Override
    public AudioConfig config() {
        return config;
    }

    /** The client's actual name (after the server made it unique), or the requested one before open. */
    public String clientName() {
        JackClient c = client;
        return c == null ? clientName : c.getName();
    }

    /** Full names of the output ports ({@code client:out_1}, ...), after open. */
    public List<String> outputPorts() {
        List<String> names = new ArrayList<>();
        if (ports != null) {
            for (JackPort p : ports) {
                names.add(p.getName());
            }
        }
        return names;
    }

    /** Ports the outputs were auto-connected to. */
    public List<String> connections() {
        return List.copyOf(connectedTo);
    }

    /** Java id of JACK's process thread (-1 before the first cycle); for allocation measurements. */
    public long audioThreadId() {
        return audioThreadId;
    }

    /** Exceptions caught in the process callback (the cycle was output as silence). */
    public long callbackErrors() {
        return callbackErrors.get();
    }

    /** True after the server shut down under us. */
    public boolean serverGone() {
        return dead.get();
    }

    /**
     * A new, unopened backend with this one's client name, auto-connection and requested configuration: for a
     * server that came back after this one's went away ({@link ServerReturn}).
     */
    public JackAudioBackend successor() {
        return new JackAudioBackend(clientName, autoConnect, requested, timeline);
    }

    @Override
    public synchronized AudioConfig open() throws AudioBackendException {
        if (config != null) {
            return config;
        }
        if (closed) {
            throw new IllegalStateException("jack backend closed");
        }
        Jack jack = jack();
        JackMessages.install();
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        try {
            client = jack.openClient(clientName, EnumSet.of(JackOptions.JackNoStartServer), status);
        } catch (JackException e) {
            throw new AudioBackendException("jack: no JACK server '" + JackProbe.serverName() + "' running"
                    + (status.isEmpty() ? "" : " " + status), e);
        }
        try {
            int channels = Math.max(1, Math.min(requested.channelCount(), 8));
            ports = new JackPort[channels];
            for (int c = 0; c < channels; c++) {
                ports[c] = client.registerPort("out_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            }
            out = new float[channels][MAX_FRAMES];
            client.setProcessCallback(processCallback);
            client.setXrunCallback(xrunCallback);
            client.onShutdown(shutdownCallback);
            int rate = client.getSampleRate();
            int period = client.getBufferSize();
            config = new AudioConfig(rate, period, channels);
            return config;
        } catch (JackException | RuntimeException e) {
            client.close();
            client = null;
            throw new AudioBackendException("jack: cannot set up client '" + clientName + "': " + e.getMessage(), e);
        }
    }

    static Jack jack() throws AudioBackendException {
        try {
            return Jack.getInstance();
        } catch (JackException | LinkageError e) {
            throw new AudioBackendException("jack: libjack not found (install jackd2 / libjack-jackd2-0)", e);
        }
    }

    @Override
    public synchronized void start(AudioCallback cb) throws AudioBackendException {
        if (config == null || closed) {
            throw new IllegalStateException("jack: start before open or after close");
        }
        if (active) {
            return;
        }
        callback = cb;
        nextCycleFrame = -1; // (the process thread is not running: not active)
        try {
            client.activate();
            active = true;
        } catch (JackException e) {
            throw new AudioBackendException("jack: cannot activate client: " + e.getMessage(), e);
        }
        if (autoConnect) {
            try {
                Jack jack = jack();
                String[] playback = jack.getPorts(client, "", JackPortType.AUDIO,
                        EnumSet.of(JackPortFlags.JackPortIsInput, JackPortFlags.JackPortIsPhysical));
                for (int c = 0; c < ports.length && c < playback.length; c++) {
                    jack.connect(client, ports[c].getName(), playback[c]);
                    connectedTo.add(playback[c]);
                }
                if (ports.length > 1 && playback.length == 1) {
                    jack.connect(client, ports[1].getName(), playback[0]);
                }
            } catch (JackException e) {
                System.err.println("nesjam: jack: could not connect to the playback ports (" + e.getMessage()
                        + "); connect " + outputPorts() + " yourself");
            }
        }
    }

    /** [audio-thread: JACK's process thread] One period. Catches everything. */
    private boolean process(JackClient c, int frames) {
        try {
            if (audioThreadId < 0) {
                audioThreadId = Thread.currentThread().getId();
            }
            AudioCallback cb = callback;
            float[][] o = out;
            int n = Math.min(frames, MAX_FRAMES);
            long cycleFrame = c.getLastFrameTime();
            // jack_nframes_t wraps at 2^32 frames (25 hours at 48 kHz): the difference is taken in 32 bits
            int ahead = nextCycleFrame < 0 ? 0 : (int) (cycleFrame - nextCycleFrame);
            // ahead < 0: this cycle was rendered already (called twice for it, or late for the one before), and the
            // last render, still in o, plays again
            if (ahead >= 0 && cb != null && frames <= MAX_FRAMES) {
                if (ahead > 0) {
                    cb.framesSkipped(ahead); // cycles the server did not run this client for
                }
                timeline.publish(cycleFrame, cb.nextSampleTime());
                cb.process(o, n);
                nextCycleFrame = (cycleFrame + frames) & 0xFFFF_FFFFL;
            } else if (ahead >= 0) {
                for (float[] ch : o) {
                    java.util.Arrays.fill(ch, 0, n, 0f);
                }
            }
            JackPort[] ps = ports;
            for (int ch = 0; ch < ps.length; ch++) {
                FloatBuffer fb = ps[ch].getFloatBuffer();
                fb.rewind();
                fb.put(o[ch], 0, n);
            }
        } catch (Throwable t) {
            callbackErrors.incrementAndGet();
        }
        return true;
    }

    /** [JACK's notification thread] The server is gone: mark dead, tell the engine once. No JACK calls here. */
    private void serverShutdown() {
        dead.set(true);
        AudioCallback cb = callback;
        if (cb != null && shutdownReported.compareAndSet(false, true)) {
            cb.backendStopped("jack: the JACK server '" + JackProbe.serverName() + "' shut down");
        }
    }

    @Override
    public synchronized void stop() {
        if (active) {
            active = false;
            if (!dead.get()) {
                client.deactivate();
            }
            timeline.invalidate(); // the process thread, its only other writer, has stopped
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            if (!dead.get()) {
                client.close();
            }
            // after a server shutdown jack_client_close may block on the dead socket: we leave the handle
            // (the process is about to exit or continues without JACK)
            client = null;
        }
    }

    @Override
    public long xrunCount() {
        return xruns.get();
    }

    @Override
    public String describe() {
        AudioConfig c = config;
        return c == null ? "jack" : "jack (" + c.describe() + ")";
    }

    /** Provider of {@code jack}: the automatic first choice when a server is running. */
    public static final class Provider implements AudioBackendProvider {
        @Override
        public String name() {
            return "jack";
        }

        @Override
        public int autoPriority() {
            return 100;
        }

        @Override
        public String unavailableReason() {
            try {
                Jack.getInstance();
            } catch (JackException | LinkageError e) {
                return "libjack not found";
            }
            return JackProbe.serverRunning() ? null : "no JACK server '" + JackProbe.serverName() + "' running";
        }

        @Override
        public AudioBackend create(String argument, AudioConfig requested) {
            String name = argument == null || argument.isBlank() ? "nesjam" : argument;
            return new JackAudioBackend(name, true, requested);
        }

        @Override
        public List<String> describeEndpoints() {
            String reason = unavailableReason();
            if (reason != null) {
                return List.of("jack       " + reason);
            }
            List<String> lines = new ArrayList<>();
            try {
                Jack jack = Jack.getInstance();
                EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
                JackClient c = jack.openClient("nesjam-list", EnumSet.of(JackOptions.JackNoStartServer), status);
                try {
                    lines.add("jack       server '" + JackProbe.serverName() + "': " + c.getSampleRate() + " Hz, "
                            + c.getBufferSize() + " frames");
                    for (String p : jack.getPorts(c, "", JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsInput))) {
                        lines.add("jack         playback port " + p);
                    }
                } finally {
                    c.close();
                }
            } catch (JackException | LinkageError e) {
                lines.add("jack       cannot list ports: " + e.getMessage());
            }
            return lines;
        }
    }
}
