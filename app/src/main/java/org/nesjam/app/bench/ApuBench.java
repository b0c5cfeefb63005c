package org.nesjam.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import org.nesjam.app.cli.Checks;
import org.nesjam.app.render.ApuRender;
import org.nesjam.app.render.MidiSong;
import org.nesjam.app.render.WavRender;
import org.nesjam.apu.ApuRegion;
import org.nesjam.apu.ApuSynth;
import org.nesjam.apu.FilterMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam bench apu [FILE.mid]}: APU render speed on one thread, as seconds of audio per second of
 * thread CPU time (median of N runs after two warm-up runs), at 48 kHz with the NES filter:
 * <ol>
 *   <li>a song (default: NES-MDB valid {@value #DEFAULT_SONG} from the shared data) through the instrument plugin,
 *   the offline renderer and the MIDI event source, rendered to nowhere;</li>
 *   <li>worst cases through registers: both pulses at t = 8 (highest audible rate), noise at period index 0,
 *   triangle at t = 0 and 1 (ultrasonic: held), for 30 s; and, for comparison, the triangle at t = 2 (18.6 kHz,
 *   596 000 steps per second, the highest rate the chip really steps at).</li>
 * </ol>
 * [main-thread]
 */
@Command(name = "apu", mixinStandardHelpOptions = true,
        versionProvider = org.nesjam.app.cli.NesjamCommand.Version.class,
        description = "APU render speed (x real time) on one thread.")
final class ApuBench implements Callable<Integer> {
    static final String DEFAULT_SONG = "029_Battleship_00_01TitleScreen.mid";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.mid", arity = "0..1", description = "the song (default: NES-MDB valid "
            + DEFAULT_SONG + " from the shared data)")
    Path songFile;

    private int runs = 7;

    @Option(names = "--runs", paramLabel = "N", description = "measured runs, 1..1000 (default 7)")
    void runs(int n) {
        runs = Checks.range(spec, "--runs", n, 1, 1000);
    }

    @Override
    public Integer call() throws Exception {
        Path song = songFile != null ? songFile : defaultSong();
        ApuRender.Options options = new ApuRender.Options(48000, false, FilterMode.NES);
        MidiSong s = WavRender.readSong(song.toString(), options.sampleRate());
        double audioSeconds = s.lengthFrames() / (double) options.sampleRate();
        double[] speeds = new double[runs];
        for (int i = -2; i < runs; i++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            ApuRender.render(s, options, null, null);
            double took = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            if (i >= 0) {
                speeds[i] = audioSeconds / took;
            }
        }
        report(String.format(Locale.ROOT, "song %s (%.1f s, %d events, 4 voices, 48 kHz)", song.getFileName(),
                audioSeconds, s.eventCount()), speeds);
        report("worst case: pulses t=8, noise period 0, triangle t=0/1 (held)", worst(runs, false));
        report("comparison: pulses t=8, noise period 0, triangle t=2 (18.6 kHz, stepped)", worst(runs, true));
        return 0;
    }

    private static void report(String what, double[] speeds) {
        double[] sorted = speeds.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "bench apu: %s: median %.0fx real time (min %.0fx, max %.0fx, %d runs, thread"
                + " CPU time)%n", what, median, sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    private static double[] worst(int runs, boolean triangleStepped) {
        int seconds = 30;
        int block = ApuRender.BLOCK_FRAMES;
        float[] out = new float[block];
        double[] speeds = new double[runs];
        for (int r = -2; r < runs; r++) {
            ApuSynth synth = new ApuSynth(ApuRegion.NTSC, 48000, block, FilterMode.NES);
            synth.write(0, 0x4015, 0x0F);
            for (int base : new int[] {0x4000, 0x4004}) {
                synth.write(0, base, 0xBF);
                synth.write(0, base + 1, 0x08);
                synth.write(0, base + 2, 8);
                synth.write(0, base + 3, 0);
            }
            synth.write(0, 0x4008, 0xFF);
            synth.write(0, 0x400A, triangleStepped ? 2 : 0);
            synth.write(0, 0x400B, 0);
            synth.write(0, 0x400C, 0x3F);
            synth.write(0, 0x400E, 0);
            synth.write(0, 0x400F, 0);
            long cpu = THREADS.getCurrentThreadCpuTime();
            long frames = 48000L * seconds;
            int toggle = 0;
            for (long f = 0; f < frames; f += block) {
                if (!triangleStepped && f % 4800 == 0) {
                    synth.write(synth.sampleTime(), 0x400A, toggle ^= 1); // t = 0 and 1 alternately
                }
                synth.render(out, 0, block);
            }
            double took = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            if (r >= 0) {
                speeds[r] = seconds / took;
            }
        }
        return speeds;
    }

    private static Path defaultSong() {
        String env = System.getenv("NESJAM_SHARED");
        Path[] candidates = {env == null ? null : Path.of(env), Path.of("../shared"), Path.of("shared"),
            Path.of("/work/shared")};
        for (Path c : candidates) {
            if (c != null) {
                Path p = c.resolve("data/nesmdb/valid").resolve(DEFAULT_SONG);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new UserError("bench apu: NES-MDB song " + DEFAULT_SONG + " not found (give a MIDI file or set"
                + " NESJAM_SHARED)");
    }
}
