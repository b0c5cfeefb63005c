package org.nesjam.app.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nesjam.app.Progress;
import org.nesjam.app.UserError;
import org.nesjam.app.cli.Checks;
import org.nesjam.app.cli.ModelOption;
import org.nesjam.app.live.JamLive;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.bench.Percentiles;
import org.nesjam.gen.jam.JamMode;
import org.nesjam.gen.jam.JamParams;
import org.nesjam.gen.jam.JamPlugin;
import org.nesjam.gen.jam.JamStats;
import org.nesjam.gen.model.NesModel;
import org.nesjam.host.PluginChain;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.ProcessBlock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam bench jam}: the jam's reaction time. A paced audio loop (real-time blocks of {@code --block} frames
 * at 48 kHz on its own thread) runs [generator, APU] in accompany mode (the player owns P1) while a scripted player
 * plays {@code --notes} notes (held 100-300 ms, rests 100-400 ms) into the generator plugin's input. For every
 * player note the worker measures the time from the audio thread handing the note to the generator (in
 * {@code process}) to the regenerated model events covering the next 250 ms having been published to the audio
 * thread's schedule ring. Reports p50/p99/max over note-ons and over all player events, the lookahead margin and
 * starvation counters. (Driven from the plugin input, not through a MIDI port: add one audio period for a MIDI
 * message's wait for the next audio cycle.) [main-thread]
 */
@Command(name = "jam", mixinStandardHelpOptions = true,
        versionProvider = org.nesjam.app.cli.NesjamCommand.Version.class,
        description = {"Generator reaction time to player notes (p50/p99), margin, starvation.",
            "--jack: through a virtual MIDI input on the running JACK server."})
final class JamBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private int notes = 500;
    private int block = 256;
    private double lookahead = 1.5;
    private Double grid;
    private Double harmony;

    @Option(names = "--notes", paramLabel = "N", description = "player notes, 10..100000 (default 500)")
    void notes(int n) {
        notes = Checks.range(spec, "--notes", n, 10, 100_000);
    }

    @Option(names = "--block", paramLabel = "FRAMES", description = "audio block, 16..4096 frames (default 256)")
    void block(int n) {
        block = Checks.range(spec, "--block", n, 16, 4096);
    }

    @Option(names = "--lookahead", paramLabel = "S", description = "seconds planned ahead, 0.1..10 (default 1.5)")
    void lookahead(double s) {
        lookahead = Checks.range(spec, "--lookahead", s, 0.1, 10);
    }

    @Option(names = "--grid", paramLabel = "G", description = "--jack: beat lock 0..1")
    void grid(double g) {
        grid = Checks.range(spec, "--grid", g, 0, 1);
    }

    @Option(names = "--harmony", paramLabel = "S", description = "--jack: harmony strength 0..1")
    void harmony(double h) {
        harmony = Checks.range(spec, "--harmony", h, 0, 1);
    }

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)")
    long seed = 1;

    @Option(names = "--jack", description = "through a virtual MIDI input on the running JACK server")
    boolean jack;

    @Option(names = "--chord", description = "--jack: a C major chord held on the chord channel")
    boolean chord;

    @Mixin
    ModelOption modelOption;

    @Override
    public Integer call() throws Exception {
        if (jack) {
            return jack();
        }
        int rate = 48_000;
        try (NesModel model = modelOption.load()) {
            JamStats stats = new JamStats(4 * notes + 100);
            JamPlugin jam = JamLive.liveWorker(new JamPlugin(() -> model, false)).setSeed(seed).setStats(stats);
            jam.setParamValue(JamParams.MODE, JamMode.ACCOMPANY.paramValue());
            jam.setParamValue(JamParams.OWN_P1, 1);
            jam.setParamValue(JamParams.LOOKAHEAD, lookahead);
            PluginChain chain = new PluginChain(List.<Plugin>of(jam, new ApuInstrument()), 2, block, 1024,
                    (PluginChain.PluginFault f) -> { });
            chain.activate(rate);
            ProcessBlock b = chain.block();
            long periodNanos = (long) (block * 1e9 / rate);
            SplittableRandom r = new SplittableRandom(seed);
            // the player's script in samples: on, off, on, off... starting after 3 s of warm-up
            long[] times = new long[2 * notes];
            int[] pitch = new int[notes];
            long t = 3L * rate;
            for (int i = 0; i < notes; i++) {
                times[2 * i] = t;
                t += r.nextInt(100, 301) * rate / 1000;
                times[2 * i + 1] = t;
                t += r.nextInt(100, 401) * rate / 1000;
                pitch[i] = 55 + r.nextInt(24);
            }
            long end = t + rate;
            int next = 0;
            long sample = 0;
            long startNanos = System.nanoTime();
            long deadline = startNanos;
            long lateBlocks = 0;
            System.err.printf(Locale.ROOT, "bench jam: %d notes, %.0f s of real time, block %d @ %d Hz, model %s%n",
                    notes, end / (double) rate, block, rate, model.source());
            Progress progress = new Progress("bench jam", "s", end / rate);
            while (sample < end) {
                progress.update(sample / rate);
                b.frameCount = block;
                b.sampleTime = sample;
                b.inputEvents.clear();
                while (next < times.length && times[next] < sample + block) {
                    int k = next / 2;
                    int off = (int) (times[next] - sample);
                    b.inputEvents.addMidi(off, Midi.NOTE_ON, pitch[k], next % 2 == 0 ? 100 : 0);
                    next++;
                }
                chain.process();
                sample += block;
                deadline += periodNanos;
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    lateBlocks++;
                }
            }
            progress.done();
            Throwable failure = jam.workerFailure();
            chain.destroy();
            if (failure != null) {
                throw new UserError("bench jam: the generator failed: " + failure.getMessage());
            }
            long[] all = stats.reactions();
            System.out.printf(Locale.ROOT, "reaction (player event handed to the generator -> next 250 ms of"
                    + " regenerated events in the schedule ring), %d events: %s%n", all.length, quantiles(all));
            System.out.printf(Locale.ROOT, "  first regenerated model event in the schedule ring: %s%n",
                    quantiles(stats.reactionFirstEventNanos()));
            printFirstEventParts(stats);
            System.out.printf(Locale.ROOT, "  generator thread CPU time per reaction (the cost on an unshared core): %s%n",
                    quantiles(stats.reactionCpuNanos()));
            System.out.printf(Locale.ROOT, "  load average during the run: %.2f on %d cores%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "  tokens per reaction %.1f (mean), deep rollbacks (window re-prefill) %d,"
                    + " generator thread %s%n", stats.reactionTokens.get() / Math.max(1.0, all.length),
                    stats.deepRollbacks.get(), JamLive.workerPriority(jam));
            System.out.printf(Locale.ROOT, "rollbacks %d, tokens %d, starvation %d, late events %d (%d outside"
                            + " reactions), margin min %.1f ms median %.0f ms, audio loop blocks behind schedule %d%n",
                    stats.rollbacks.get(), stats.tokens.get(), stats.starvations.get(), stats.lateEvents.get(),
                    stats.lateEventsNoRollback.get(), stats.marginMinMs(), stats.marginQuantileMs(0.5), lateBlocks);
            return 0;
        }
    }

    /** The first regenerated event's time in its parts: waiting for the worker, the player's tokens, model tokens. */
    private static void printFirstEventParts(JamStats stats) {
        long[] tokens = stats.reactionFirstEventTokens();
        System.out.printf(Locale.ROOT, "    worker took the note: %s%n    player's tokens fed: %s%n"
                        + "    model tokens up to the event: mean %.2f, max %d%n", quantiles(stats.reactionPickNanos()),
                quantiles(stats.reactionForcedNanos()), Arrays.stream(tokens).average().orElse(Double.NaN),
                Arrays.stream(tokens).max().orElse(0));
    }

    /**
     * The same measurement end to end on the running JACK server: the real-time engine with the JACK backend,
     * nesjam's RtMidi virtual input {@code nesjam-in:in}, and a sender in this process connected to it; a reaction's
     * time runs from the sender's {@code send} call (the note's arrival) to the regenerated 250 ms being in the
     * schedule ring, so it includes RtMidi, JACK's MIDI transport and the wait for the next audio cycle.
     */
    private int jack() throws Exception {
        if (!org.nesjam.nativebridge.rtmidi.JackProbe.serverRunning()) {
            throw new UserError("bench jam --jack: no JACK server running (start one: jackd -d dummy -r 48000 -p 256)");
        }
        try (NesModel model = modelOption.load()) {
            org.nesjam.audio.AudioBackends.Opened out;
            try {
                out = org.nesjam.audio.AudioBackends.open("jack", org.nesjam.audio.AudioConfig.DEFAULT);
            } catch (org.nesjam.audio.AudioBackendException e) {
                throw new UserError(e.getMessage());
            }
            int rate = out.config().sampleRate();
            JamStats stats = new JamStats(4 * notes + 100);
            JamPlugin jam = JamLive.liveWorker(new JamPlugin(() -> model, false)).setSeed(seed).setStats(stats);
            jam.setParamValue(JamParams.MODE, JamMode.ACCOMPANY.paramValue());
            jam.setParamValue(JamParams.OWN_P1, 1);
            jam.setParamValue(JamParams.LOOKAHEAD, lookahead);
            jam.setParamValue(JamParams.GRID, grid != null ? grid : jam.paramValue(JamParams.GRID));
            jam.setParamValue(JamParams.HARMONY, harmony != null ? harmony : jam.paramValue(JamParams.HARMONY));
            org.nesjam.host.rt.Engine engine = new org.nesjam.host.rt.Engine(List.<Plugin>of(jam, new ApuInstrument()));
            org.nesjam.nativebridge.midi.LiveMidi midi = org.nesjam.nativebridge.midi.LiveMidi.open(
                    List.of("virtual:in"), null, "nesjam", "jack", JamLive.playerInput(engine, jam), engine::setTempo,
                    org.nesjam.app.live.LivePorts.timelineOf(out.backend()));
            org.nesjam.nativebridge.midi.RtMidiOutput sender = null;
            try {
                engine.start(out.backend());
                sender = org.nesjam.nativebridge.midi.RtMidiOutput.connect(
                        org.nesjam.nativebridge.rtmidi.RtMidiApi.UNIX_JACK, "jambench", "nesjam-in:in");
                System.err.printf(Locale.ROOT, "bench jam --jack: %s; %s; sender %s; %d notes, model %s%n",
                        out.backend().describe(), String.join("; ", midi.report()), sender.description(), notes,
                        model.source());
                Thread.sleep(3000); // also lets the new connection settle: a message sent before it is lost
                if (chord) { // a C major chord held on the chord channel for the whole run
                    int channel = (int) jam.paramValue(JamParams.CHORD_CHANNEL) - 1;
                    for (int p : new int[] {48, 52, 55}) {
                        sender.rtMidiOut().sendPacked(Midi.pack(Midi.NOTE_ON | Math.max(0, channel), p, 90));
                    }
                    Thread.sleep(500);
                    System.err.println("bench jam --jack: chords followed: " + stats.chords.get());
                }
                SplittableRandom r = new SplittableRandom(seed);
                long[] sent = new long[2 * notes];
                Progress progress = new Progress("bench jam --jack", "notes", notes);
                for (int i = 0; i < notes; i++) {
                    progress.update(i);
                    int p = 55 + r.nextInt(24);
                    sent[2 * i] = System.nanoTime();
                    sender.rtMidiOut().sendPacked(Midi.pack(Midi.NOTE_ON, p, 100));
                    Thread.sleep(r.nextInt(100, 301));
                    sent[2 * i + 1] = System.nanoTime();
                    sender.rtMidiOut().sendPacked(Midi.pack(Midi.NOTE_OFF, p, 0));
                    Thread.sleep(r.nextInt(100, 401));
                }
                progress.done();
                Thread.sleep(1000);
                Throwable failure = jam.workerFailure();
                if (failure != null) {
                    throw new UserError("bench jam: the generator failed: " + failure.getMessage());
                }
                long[] arrival = stats.reactionArrivalNanos();
                long[] done = stats.reactionDoneNanos();
                long[] lat = new long[arrival.length];
                long[] plugin = stats.reactions();
                int n = 0;
                for (int k = 0; k < arrival.length; k++) {
                    int i = Arrays.binarySearch(sent, arrival[k]);
                    i = i >= 0 ? i : -i - 2; // the last send at or before the plugin saw it
                    if (i >= 0) {
                        lat[n++] = done[k] - sent[i];
                    }
                }
                System.out.printf(Locale.ROOT, "reaction through JACK MIDI (send -> next 250 ms regenerated in the"
                        + " schedule ring), %d of %d events: %s%n", n, sent.length, quantiles(Arrays.copyOf(lat, n)));
                System.out.printf(Locale.ROOT, "  of which in the generator (plugin input -> done): %s%n",
                        quantiles(plugin));
                System.out.printf(Locale.ROOT, "  first regenerated model event in the schedule ring (plugin input ->"
                        + " event): %s%n", quantiles(stats.reactionFirstEventNanos()));
                printFirstEventParts(stats);
                System.out.printf(Locale.ROOT, "  generator thread CPU time per reaction (unshared-core cost): %s;"
                                + " load average %.2f on %d cores%n", quantiles(stats.reactionCpuNanos()),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(Locale.ROOT, "  tokens per reaction %.1f (mean), deep rollbacks %d,"
                                + " generator thread %s%n",
                        stats.reactionTokens.get() / Math.max(1.0, plugin.length), stats.deepRollbacks.get(),
                        JamLive.workerPriority(jam));
                System.out.printf(Locale.ROOT, "xruns %d, rollbacks %d, starvation %d, late events %d (%d outside"
                                + " reactions), margin min %.1f ms median %.0f ms%n", engine.xrunCount(),
                        stats.rollbacks.get(), stats.starvations.get(), stats.lateEvents.get(),
                        stats.lateEventsNoRollback.get(), stats.marginMinMs(), stats.marginQuantileMs(0.5));
                return 0;
            } finally {
                if (sender != null) {
                    sender.close();
                }
                midi.close();
                engine.stop();
            }
        }
    }

    static String quantiles(long[] nanos) {
        if (nanos.length == 0) {
            return "none";
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
                Percentiles.of(s, 0.5) / 1e6, Percentiles.of(s, 0.9) / 1e6, Percentiles.of(s, 0.99) / 1e6,
                s[s.length - 1] / 1e6);
    }

}
