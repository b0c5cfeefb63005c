package org.nesjam.app.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import org.nesjam.app.cli.Checks;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.audio.AudioConfig;
import org.nesjam.bench.MidiToAudioBench;
import org.nesjam.bench.Percentiles;
import org.nesjam.host.probe.ProbeInstrument;
import org.nesjam.host.rt.Engine;
import org.nesjam.nativebridge.jack.JackAudioBackend;
import org.nesjam.nativebridge.probe.JackCaptureClient;
import org.nesjam.nativebridge.rtmidi.JackProbe;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.PluginFactory;
import org.nesjam.threads.NesjamThread;
import org.nesjam.threads.ThreadAllocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam bench audio latency|xruns}: real-time measurements against the running JACK server (rate and
 * period are the server's: start it with {@code jackd -d dummy -r 48000 -p 128} or {@code -p 256} and point
 * {@code JACK_DEFAULT_SERVER} at it). [main-thread]
 * <ul>
 *   <li>{@code latency}: {@code --notes N} notes on the {@link ProbeInstrument}, published to the engine the way
 *   a MIDI input thread does; a second JACK client records nesjam's output, and each note's added latency is
 *   (JACK frame of the note's first output sample) - (JACK frame time when it was published). Both placement
 *   modes (jitter-free, next-cycle) are measured. p50/p99/max.</li>
 *   <li>{@code xruns}: plays a busy four-voice pattern on the APU instrument (the probe if absent) for
 *   {@code --seconds S} with {@code --burners N} allocation-heavy CPU-burning threads beside it; reports JACK's
 *   xrun count, the engine's worst cycle, GC pauses and the bytes JNA allocates per cycle on JACK's thread.</li>
 * </ul>
 */
@Command(name = "audio", mixinStandardHelpOptions = true,
        versionProvider = org.nesjam.app.cli.NesjamCommand.Version.class,
        description = "JACK latency p50/p99 (latency), xrun counts under load (xruns), or only the load (burn).")
final class AudioBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "latency|xruns|burn", description = "what to measure")
    String target;

    private int notes = 1000;
    private int seconds = 60;
    private Integer burners;

    @Option(names = "--notes", paramLabel = "N", description = "latency: notes, 10..100000 (default 1000)")
    void notes(int n) {
        notes = Checks.range(spec, "--notes", n, 10, 100_000);
    }

    @Option(names = "--seconds", paramLabel = "S", description = "xruns, burn: seconds, 1..86400 (default 60)")
    void seconds(int s) {
        seconds = Checks.range(spec, "--seconds", s, 1, 86_400);
    }

    @Option(names = "--burners", paramLabel = "N", description = "CPU-burning threads, 0..64 (default 1)")
    void burners(int n) {
        burners = Checks.range(spec, "--burners", n, 0, 64);
    }

    @Option(names = "--instrument", paramLabel = "apu|probe", description = "xruns: the instrument (default apu)")
    String instrumentName = "apu";

    @Option(names = "--mode", paramLabel = "jitter-free|asap|both", description = "latency: event placement (default"
            + " both)")
    String mode = "both";

    @Override
    public Integer call() throws Exception {
        if (target.equals("burn")) {
            return burnFor();
        }
        if (!target.equals("latency") && !target.equals("xruns")) {
            throw new UserError("bench audio: unknown benchmark '" + target + "' (latency, xruns, burn)");
        }
        if (!JackProbe.serverRunning()) {
            throw new UserError("bench audio needs a running JACK server '" + JackProbe.serverName()
                    + "' (e.g. JACK_NO_AUDIO_RESERVATION=1 jackd -n NAME -R -d dummy -r 48000 -p 256 &"
                    + " and JACK_DEFAULT_SERVER=NAME)");
        }
        return target.equals("latency") ? latency() : xruns();
    }

    // ------------------------------------------------------------------------------------------- latency

    private int latency() throws Exception {
        List<Boolean> modes = switch (mode) {
            case "both" -> List.of(true, false);
            case "jitter-free" -> List.of(true);
            case "asap" -> List.of(false);
            default -> throw new UserError("--mode must be jitter-free, asap or both");
        };
        for (boolean jitterFree : modes) {
            latencyRun(notes, jitterFree);
        }
        return 0;
    }

    private void latencyRun(int notes, boolean jitterFree) throws Exception {
        JackAudioBackend backend = new JackAudioBackend("nesjam-bench", false, AudioConfig.DEFAULT);
        AudioConfig config = backend.open();
        int rate = config.sampleRate();
        int period = config.periodFrames();
        Engine engine = new Engine(List.of(new ProbeInstrument()), Engine.Options.DEFAULT.withJitterFree(jitterFree));
        engine.start(backend);
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) (notes + 20) * rate / 20);
        long[] arrival = new long[notes];
        Random random = new Random(42);
        try (JackCaptureClient capture = new JackCaptureClient("nesjam-bench-rec", capacity)) {
            capture.connectFrom(backend.outputPorts().get(0));
            sleepMillis(300);
            for (int i = 0; i < 100; i++) { // warm-up: JIT of every path involved, not measured
                MidiToAudioBench.playNote(engine::publishMidi, capture, 60 + i % 24, random);
            }
            sleepMillis(100);
            capture.startRecording();
            sleepMillis(50);
            for (int i = 0; i < notes; i++) {
                arrival[i] = MidiToAudioBench.playNote(engine::publishMidi, capture, 48 + i % 36, random);
            }
            sleepMillis(100);
            capture.stopRecording();
            float[] rec = capture.samples();
            int n = capture.recordedFrames();
            long[] latency = new long[notes];
            int found = 0;
            int zeros = 1_000;
            for (int i = 0; i < n && found < notes; i++) {
                if (rec[i] == 0f) {
                    zeros++;
                    continue;
                }
                if (zeros >= 32) {
                    latency[found] = capture.frameTimeAt(i) - arrival[found];
                    found++;
                }
                zeros = 0;
            }
            String label = jitterFree ? "jitter-free (default)" : "next-cycle (asap)";
            if (found != notes) {
                System.out.printf(Locale.ROOT, "latency %s: found %d of %d note onsets in the recording;"
                        + " no figures (xruns=%d)%n", label, found, notes, backend.xrunCount());
                return;
            }
            double[] ms = new double[notes];
            for (int i = 0; i < notes; i++) {
                ms[i] = latency[i] * 1000.0 / rate;
            }
            Arrays.sort(ms);
            long over = Arrays.stream(latency).filter(l -> l > period + rate / 1000).count();
            long negative = Arrays.stream(latency).filter(l -> l < 0).count();
            System.out.printf(Locale.ROOT, "latency %s, JACK %d Hz, %d frames (period %.3f ms), %d notes:"
                            + " p50 %.3f ms, p99 %.3f ms, max %.3f ms, min %.3f ms; over period+1ms: %d;"
                            + " negative: %d; xruns %d; measured from engine publish (MIDI arrival in Java)"
                            + " to the first output sample on JACK's frame clock%n",
                    label, rate, period, period * 1000.0 / rate, notes, Percentiles.of(ms, 0.50),
                    Percentiles.of(ms, 0.99), ms[notes - 1], ms[0], over, negative, backend.xrunCount());
        } finally {
            engine.stop();
        }
    }


    private static void sleepMillis(long ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        long now;
        while ((now = System.nanoTime()) < end) {
            LockSupport.parkNanos(end - now);
        }
    }

    // ------------------------------------------------------------------------------------------- xruns

    /** {@code burn}: only the load ({@code --burners N} threads, default 1) for {@code --seconds S}; run it under
     * {@code nice} beside {@code xruns --burners 0} to measure with a separate, lower-priority CPU hog. */
    private int burnFor() {
        int burners = Math.max(1, this.burners != null ? this.burners : 1);
        AtomicBoolean running = new AtomicBoolean(true);
        for (int i = 0; i < burners; i++) {
            Thread b = NesjamThread.BENCH_LOAD.newThread(String.valueOf(i), () -> burn(running));
            b.setDaemon(true);
            b.start();
        }
        sleepMillis(seconds * 1000L);
        running.set(false);
        return 0;
    }

    private int xruns() throws Exception {
        int burners = this.burners != null ? this.burners : 1;
        Plugin instrument = instrument(instrumentName);
        JackAudioBackend backend = new JackAudioBackend("nesjam-xruns", true, AudioConfig.DEFAULT);
        AudioConfig config = backend.open();
        Engine engine = new Engine(List.of(instrument));
        engine.start(backend);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread player = NesjamThread.BENCH_PLAYER.newThread(() -> playPattern(engine, running));
        player.setDaemon(true);
        player.start();
        List<Thread> burnerThreads = new ArrayList<>();
        for (int i = 0; i < burners; i++) {
            Thread b = NesjamThread.BENCH_LOAD.newThread(String.valueOf(i), () -> burn(running));
            b.setDaemon(true);
            b.setPriority(Thread.MIN_PRIORITY);
            burnerThreads.add(b);
        }
        sleepMillis(2_000); // warm-up before counting
        long xrun0 = backend.xrunCount();
        long cycles0 = engine.counters().cycles();
        long tid = backend.audioThreadId();
        long bytes0 = tid > 0 ? ThreadAllocation.threadBytes(tid) : -1;
        String gc0 = gcSnapshot(null);
        burnerThreads.forEach(Thread::start);
        long t0 = System.nanoTime();
        long report = 30;
        while ((System.nanoTime() - t0) / 1_000_000_000L < seconds) {
            sleepMillis(250);
            long s = (System.nanoTime() - t0) / 1_000_000_000L;
            if (s >= report) {
                System.err.printf(Locale.ROOT, "  %ds: xruns %d%n", s, backend.xrunCount() - xrun0);
                report += 30;
            }
            if (engine.backendStopReason() != null) {
                break;
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long xruns = backend.xrunCount() - xrun0;
        long cycles = engine.counters().cycles() - cycles0;
        long bytes = tid > 0 ? ThreadAllocation.threadBytes(tid) - bytes0 : -1;
        String gcDelta = gcSnapshot(gc0);
        running.set(false);
        String stopReason = engine.backendStopReason();
        engine.stop();
        System.out.printf(Locale.ROOT, "xruns: %d in %.0f s at %d Hz, %d frames, instrument %s, %d burner thread(s);"
                        + " worst engine cycle %.3f ms (period %.3f ms); late events %d; GC %s;"
                        + " JACK thread allocated %s per cycle (JNA callback overhead; the engine"
                        + " allocates none)%s%n",
                xruns, elapsed, config.sampleRate(), config.periodFrames(), instrument.descriptor().id(), burners,
                engine.counters().maxCycleNanos() / 1e6, config.periodMillis(), engine.counters().lateEvents(),
                gcDelta,
                bytes < 0 || cycles == 0 ? "?" : String.format(Locale.ROOT, "%.1f bytes", bytes / (double) cycles),
                stopReason == null ? "" : "; stopped early: " + stopReason);
        return 0;
    }

    /**
     * Per collector bean: "name count/ms". With {@code before} (an earlier snapshot) the difference. The "Pauses"
     * beans of ZGC and Shenandoah count stop-the-world pauses; their "Cycles" beans count concurrent work; G1's
     * beans count stop-the-world collections.
     */
    private static String gcSnapshot(String before) {
        StringBuilder sb = new StringBuilder();
        String[] prev = before == null ? null : before.split(";");
        int i = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            long count = Math.max(0, b.getCollectionCount());
            long millis = Math.max(0, b.getCollectionTime());
            if (prev != null && i < prev.length) {
                String[] p = prev[i].split(",");
                count -= Long.parseLong(p[0]);
                millis -= Long.parseLong(p[1]);
                sb.append(sb.length() == 0 ? "" : ", ").append(b.getName()).append(' ').append(count)
                        .append(" in ").append(millis).append(" ms");
            } else {
                sb.append(sb.length() == 0 ? "" : ";").append(count).append(',').append(millis);
            }
            i++;
        }
        return sb.toString();
    }

    private static Plugin instrument(String name) {
        if (name.equals("probe")) {
            return new ProbeInstrument();
        }
        if (!name.equals("apu")) {
            throw new UserError("--instrument must be apu or probe");
        }
        for (PluginFactory f : ServiceLoader.load(PluginFactory.class)) {
            if (f.descriptor().id().equals("org.nesjam.apu")) {
                return f.create();
            }
        }
        System.err.println("bench audio: APU instrument not found; using the probe sine");
        return new ProbeInstrument();
    }

    /** Four voices (MIDI channels 1-4), a note every 60 ms per voice, random pitches. */
    private static void playPattern(Engine engine, AtomicBoolean running) {
        Random r = new Random(7);
        int[] current = {-1, -1, -1, -1};
        while (running.get()) {
            for (int ch = 0; ch < 4; ch++) {
                if (current[ch] >= 0) {
                    engine.publishMidi(Midi.pack(Midi.NOTE_OFF | ch, current[ch], 0));
                }
                current[ch] = 40 + r.nextInt(44);
                engine.publishMidi(Midi.pack(Midi.NOTE_ON | ch, current[ch], 60 + r.nextInt(60)));
            }
            sleepMillis(60);
        }
        engine.allNotesOff();
    }

    /** A CPU- and allocation-heavy load: short-lived strings and lists, plus medium-lived 64 KiB arrays. */
    private static void burn(AtomicBoolean running) {
        Random r = new Random();
        byte[][] retained = new byte[256][];
        long sink = 0;
        while (running.get()) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                list.add(Integer.toString(r.nextInt()));
            }
            for (String s : list) {
                sink += s.hashCode();
            }
            retained[r.nextInt(retained.length)] = new byte[64 * 1024];
            double x = 1;
            for (int i = 0; i < 20_000; i++) {
                x = Math.sin(x) + Math.sqrt(i);
            }
            sink += (long) x;
        }
        if (sink == 42) {
            System.err.print("");
        }
    }
}
