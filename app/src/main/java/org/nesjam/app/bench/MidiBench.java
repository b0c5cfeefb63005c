package org.nesjam.app.bench;

import java.util.Locale;
import java.util.Set;
import org.nesjam.bench.MidiLatencyBench;
import org.nesjam.bench.MidiToAudioBench;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import org.nesjam.app.cli.Checks;
import org.nesjam.bench.Percentiles;
import org.nesjam.nativebridge.midi.MidiDeviceException;
import org.nesjam.nativebridge.midi.RtMidiInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam bench midi}: one-way MIDI latency through RtMidi and the running JACK server into nesjam's input
 * pipeline ({@link MidiLatencyBench}), or with {@code --to-audio} from a MIDI message to the sound
 * ({@link MidiToAudioBench}). [main-thread]
 */
@Command(name = "midi", mixinStandardHelpOptions = true,
        versionProvider = org.nesjam.app.cli.NesjamCommand.Version.class,
        description = "One-way MIDI latency via RtMidi on the running JACK server (p50/p99).")
final class MidiBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private int count = 1000;
    private int warmup = 50;

    @Option(names = "--count", paramLabel = "N", description = "messages measured, 1..16384 (default 1000)")
    void count(int n) {
        count = Checks.range(spec, "--count", n, 1, 16_384);
    }

    @Option(names = "--warmup", paramLabel = "N", description = "messages before measuring, 0..1000 (default 50)")
    void warmup(int n) {
        warmup = Checks.range(spec, "--warmup", n, 0, 1000);
    }

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default 1)")
    long seed = 1;

    @Option(names = "--mode", paramLabel = "poll", description = "RtMidi input mode: poll (the default and the only one"
            + " with JACK: RtMidi's callback is not used there)")
    String mode = "poll";

    @Option(names = "--to-audio", description = "measure MIDI message -> sound instead")
    boolean toAudio;

    @Override
    public Integer call() throws Exception {
        if (count + warmup > 16_384) {
            throw new UserError("bench midi: --count must be 1..16384 minus --warmup");
        }
        if (toAudio) {
            return midiToAudio(count, warmup, seed);
        }
        RtMidiInput.Mode[] modes = switch (mode.toLowerCase(Locale.ROOT)) {
            case "poll" -> new RtMidiInput.Mode[] {RtMidiInput.Mode.POLL};
            default -> throw new UserError("bench midi: --mode must be poll (RtMidi's callback is not used with JACK)");
        };
        return measure(modes, count, warmup, seed);
    }

    private static int midiToAudio(int count, int warmup, long seed) throws Exception {
        MidiToAudioBench.Result r;
        try {
            r = MidiToAudioBench.run(count, Math.max(warmup, 20), seed);
        } catch (MidiDeviceException e) {
            throw new UserError("bench midi --to-audio: " + e.getMessage());
        }
        double periodMs = r.periodFrames() * 1000.0 / r.sampleRate();
        if (r.found() == 0) {
            System.out.printf(Locale.ROOT, "midi->audio: no note onsets found in the recording (xruns %d)%n",
                    r.xruns());
            return 1;
        }
        double[] a = r.arrivalToSoundMs();
        double[] s = r.sendToSoundMs();
        System.out.printf(Locale.ROOT, "midi->audio JACK %d frames @ %d Hz (period %.3f ms), %d of %d notes heard:"
                        + " arrival->sound"
                        + " p50 %.3f ms, p99 %.3f ms, max %.3f ms, min %.3f ms (over period+1ms: %d);"
                        + " send->sound p50 %.3f ms, p99 %.3f ms, max %.3f ms; xruns %d%n",
                r.periodFrames(), r.sampleRate(), periodMs, r.found(), r.notes(), Percentiles.of(a, 0.5),
                Percentiles.of(a, 0.99), a[a.length - 1], a[0], r.overPeriodPlus1ms(),
                Percentiles.of(s, 0.5), Percentiles.of(s, 0.99), s[s.length - 1], r.xruns());
        return 0;
    }

    private static int measure(RtMidiInput.Mode[] modes, int count, int warmup, long seed) throws Exception {
        for (RtMidiInput.Mode mode : modes) {
            MidiLatencyBench.Result r;
            try {
                r = MidiLatencyBench.run(mode, count, warmup, 2000, 5000, seed);
            } catch (MidiDeviceException e) {
                throw new UserError("bench midi: " + e.getMessage());
            }
            System.out.printf(Locale.ROOT, "midi latency %-8s JACK %d frames @ %d Hz (period %.3f ms): %d/%d received,"
                            + " p50 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms, min %.3f ms%s%n",
                    mode.name().toLowerCase(Locale.ROOT), r.periodFrames(), r.sampleRate(), r.periodMs(), r.received(),
                    r.sent(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.meanMs(), r.minMs(),
                    mode == RtMidiInput.Mode.POLL ? (r.pollThreadRealtime() ? "; poll thread SCHED_FIFO"
                            : "; poll thread NOT real-time (no permission)") : "; on JACK's thread");
        }
        return 0;
    }
}
