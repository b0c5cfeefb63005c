package org.nesjam.app;

import java.util.Locale;
import java.util.Set;
import org.nesjam.bench.MidiLatencyBench;
import org.nesjam.bench.MidiToAudioBench;
import org.nesjam.bench.Percentiles;
import org.nesjam.nativebridge.midi.MidiDeviceException;
import org.nesjam.nativebridge.midi.RtMidiInput;

/**
 * {@code nesjam bench WHAT}: measurement commands whose figures go into reports (medians and p99 over many runs, not
 * unit tests). {@code midi}: one-way MIDI latency through RtMidi and the running JACK server into nesjam's input
 * pipeline ({@link MidiLatencyBench}); {@code apu} ({@link ApuBench}); {@code gen} ({@link GenBench}). Benchmarks
 * with options of their own are commands of two words that {@link Main} routes: {@code bench audio}
 * ({@link AudioBenchCommand}) and {@code bench jam} ({@link JamBenchCommand}). [main-thread]
 */
public final class BenchCommand implements CliCommand {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return "bench midi [--count 1000] [--mode poll]   one-way MIDI latency via RtMidi on the running"
                + " JACK server (p50/p99); bench apu [FILE.mid] [--runs 7]   APU render speed (x real time); bench gen"
                + " [--model FILE] [--runs 5] [--tokens 3000] [--slots 128]   generator tokens/s, p50/p99, prefill,"
                + " rollback";
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("to-audio");
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("count", "mode", "warmup", "seed", "runs", "tokens", "slots", ModelOption.NAME);
    }

    @Override
    public int run(Args args) throws Exception {
        String what = args.positional(0, "benchmark name (nesjam bench midi)");
        switch (what) {
            case "midi":
                return midi(args);
            case "apu":
                return ApuBench.run(args);
            case "gen":
                return GenBench.run(args);
            default:
                throw new UserError("bench: unknown benchmark '" + what + "' (known: midi, apu, gen, audio, jam)");
        }
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

    private static int midi(Args args) throws Exception {
        int count = args.getInt("count", 1000);
        int warmup = args.getInt("warmup", 50);
        long seed = args.getInt("seed", 1);
        if (count < 1 || warmup < 0 || count + warmup > 16_384) {
            throw new UserError("bench midi: --count must be 1..16384 minus --warmup");
        }
        if (args.flag("to-audio")) {
            return midiToAudio(count, warmup, seed);
        }
        String modeName = args.get("mode", "poll").toLowerCase(Locale.ROOT);
        RtMidiInput.Mode[] modes;
        switch (modeName) {
            case "poll":
                modes = new RtMidiInput.Mode[] {RtMidiInput.Mode.POLL};
                break;
            default:
                throw new UserError("bench midi: --mode must be poll (RtMidi's callback is not used with JACK)");
        }
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
