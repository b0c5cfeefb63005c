package org.nesjam.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nesjam.app.UserError;
import org.nesjam.app.live.ControlPage;
import org.nesjam.app.live.JamLive;
import org.nesjam.app.live.JamSession;
import org.nesjam.app.live.NoteFeed;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.audio.AudioBackends;
import org.nesjam.gen.jam.JamMode;
import org.nesjam.gen.jam.JamParams;
import org.nesjam.gen.jam.JamPlugin;
import org.nesjam.gen.jam.JamStats;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.tokens.MidiOutMap;
import org.nesjam.gen.tokens.NesSong;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.host.ChainSpec;
import org.nesjam.plugin.Plugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nesjam jam} (the default command): the Transformer improvises live in the four NES voices on the best audio
 * output, listening to MIDI input. This class holds and checks the options, loads the model, sets up the
 * generator ({@link JamPlugin}, its parameters from the options after any {@code --preset/--scene/--set}) and the
 * APU instrument, opens the output, and hands them to the live session ({@link JamSession}: the chain, MIDI ports,
 * recording, controls and run loop). The model's voices go out mapped by {@code --midi-out-map} ({@link MidiOutMap}:
 * {@code gm}, the default, for a DAW; {@code nes} for NES-MDB semantics). [main-thread]
 * <p>
 * Live controls: MIDI CCs on channel 1 ({@link JamLive#DEFAULT_CC}, {@code --cc KEY=CC} to change,
 * {@code learn KEY} on stdin to learn), and stdin lines ({@link org.nesjam.app.live.LiveControl}); the control
 * surface ({@code --control PORT}, {@link ControlPage}) sends the same lines.
 */
@Command(name = "jam", mixinStandardHelpOptions = true, versionProvider = NesjamCommand.Version.class,
        description = {"The Transformer jams in the four NES voices, listening to MIDI input"
            + " (the default command).", "stdin and the control page take: set KEY VALUE | idea | mute VOICE |"
            + " unmute VOICE | save [NAME] | panic | note VOICE PITCH [MS] | learn KEY | quit"})
final class JamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Generator parameter values from the command line (keys of {@link JamParams}), in the order given. */
    private final Map<String, Double> values = new LinkedHashMap<>();

    @Option(names = "--mode", paramLabel = "MODE", description = "call-response, endless or accompany (old names"
            + " jam and radio still work; default: the preset's, else endless)")
    void mode(String name) {
        JamMode mode = JamMode.parse(name);
        if (mode == null) {
            throw Checks.error(spec, "--mode must be call-response, endless or accompany, got '" + name + "'");
        }
        values.put("mode", (double) mode.paramValue());
    }

    @Option(names = "--own", paramLabel = "VOICES", description = "the voices you play, e.g. p1,tr (none: none)")
    void own(String list) {
        voices("own", list, "--own");
    }

    @Option(names = "--mute", paramLabel = "VOICES", description = "the model's voices to mute, e.g. p2,no")
    void mute(String list) {
        voices("mute", list, "--mute");
    }

    @Option(names = "--lookahead", paramLabel = "S", description = "seconds the model plans ahead, 0.1..10")
    void lookahead(double v) {
        param("--lookahead", "lookahead", v);
    }

    @Option(names = "--max-note", paramLabel = "MS", description = "longest model note, 50..60000 ms")
    void maxNote(double v) {
        param("--max-note", "max-note", v);
    }

    @Option(names = "--rest", paramLabel = "BEATS", description = "call-response: the rest that ends your phrase")
    void rest(double v) {
        param("--rest", "rest", v);
    }

    @Option(names = "--reference-bpm", paramLabel = "BPM", description = "the tempo at which the model plays at"
            + " rate 1")
    void referenceBpm(double v) {
        param("--reference-bpm", "reference-bpm", v);
    }

    @Option(names = "--chord-channel", paramLabel = "CH", description = "MIDI channel of your chords (0: none)")
    void chordChannel(double v) {
        param("--chord-channel", "chord.channel", v);
    }

    @Option(names = "--chord-split", paramLabel = "NOTE", description = "notes below it are chords (0: none)")
    void chordSplit(double v) {
        param("--chord-split", "chord.split", v);
    }

    @Option(names = "--harmony", paramLabel = "S", description = "harmony following, 0 (off) .. 1 (strict)")
    void harmony(double v) {
        param("--harmony", "harmony", v);
    }

    @Option(names = "--clock-lead", paramLabel = "MS", description = "notes this much more ahead of the clock,"
            + " -50..50 ms, besides the MIDI ports' own latency (default 0)")
    void clockLead(double v) {
        param("--clock-lead", "clock-lead", v);
    }

    @Option(names = "--scale", paramLabel = "SCALE", description = "scale lock: off, major, minor, dorian,"
            + " mixolydian, ...")
    void scale(String name) {
        int sc = JamParams.scaleIndex(name);
        if (sc < 0) {
            throw Checks.error(spec, "--scale must be one of " + String.join(", ", JamParams.SCALE_NAMES) + ", got '"
                    + name + "'");
        }
        values.put("scale", (double) sc);
    }

    @Option(names = "--root", paramLabel = "NOTE", description = "the scale's root, e.g. C, F# or Bb")
    void root(String name) {
        int pc = JamParams.pitchClass(name);
        if (pc < 0) {
            throw Checks.error(spec, "--root must be a note name such as C, F# or Bb, got '" + name + "'");
        }
        values.put("scale.root", (double) pc);
    }

    @Option(names = "--grid", paramLabel = "G", description = "beat lock: strict, feel, off or a pull 0..1")
    void grid(String g) {
        String v = g.trim().toLowerCase(Locale.ROOT);
        double pull = switch (v) {
            case "strict" -> 1.0;
            case "feel" -> 0.5;
            case "off", "free" -> 0.0;
            default -> {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
                if (!(d >= 0 && d <= 1)) {
                    throw Checks.error(spec, "--grid must be strict, feel, off or a pull 0..1, got '" + g + "'");
                }
                yield d;
            }
        };
        values.put("grid", pull);
    }

    @Option(names = "--no-follow-clock", description = "keep the grid's tempo when MIDI clock comes")
    void noFollowClock(boolean on) {
        if (on) {
            values.put("follow-clock", 0.0);
        }
    }

    private double gridBpm = 120;

    @Option(names = "--bpm", paramLabel = "BPM", description = "tempo of the beat grid while no MIDI clock comes,"
            + " 20..400 (default 120)")
    void bpm(double v) {
        gridBpm = Checks.range(spec, "--bpm", v, 20, 400);
    }

    @Option(names = "--prompt", paramLabel = "FILE.mid", description = "start from this music")
    Path promptFile;

    @Option(names = "--record", paramLabel = "DIR", description = "record the jam into DIR: WAV, MIDI and NSF")
    Path recordDir;

    private double seconds;

    @Option(names = "--seconds", paramLabel = "S", description = "stop after S seconds (default: Ctrl-C)")
    void seconds(double s) {
        seconds = Checks.seconds(spec, "--seconds", s);
    }

    private double statsEvery;

    @Option(names = "--stats-every", paramLabel = "S", description = "print the jam's figures every S seconds")
    void statsEvery(double s) {
        statsEvery = Checks.seconds(spec, "--stats-every", s);
    }

    @Option(names = "--quiet", description = "no start line and no summary")
    boolean quiet;

    @Mixin
    SamplingOptions sampling;
    @Mixin
    ModelOption modelOption;
    @Mixin
    CcOption ccOption;
    @Mixin
    MidiOutMapOption midiOutMapOption;
    @Mixin
    ControlOptions controlOptions;
    @Mixin
    AudioOptions audio;
    @Mixin
    ForceOption force;
    @Mixin
    MidiOptions midi;
    @Mixin
    HostOptions host;

    private void param(String option, String key, double v) {
        values.put(key, SamplingOptions.param(spec, option, key, v));
    }

    private void voices(String prefix, String list, String option) {
        int bits = voiceBits(list, option);
        for (int v = 0; v < 4; v++) {
            values.put(prefix + "." + new String[] {"p1", "p2", "tr", "no"}[v], (bits >> v & 1) * 1.0);
        }
    }

    /** "p1,tr" -> bit mask (P1 = 1, P2 = 2, TR = 4, NO = 8); "none" -> 0. */
    private int voiceBits(String list, String option) {
        int bits = 0;
        if (list.isBlank() || list.equalsIgnoreCase("none")) {
            return 0;
        }
        for (String s : list.split(",")) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "p1" -> bits |= 1;
                case "p2" -> bits |= 2;
                case "tr" -> bits |= 4;
                case "no" -> bits |= 8;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), option
                        + ": voices are p1, p2, tr, no (comma-separated), got '" + s + "'");
            }
        }
        return bits;
    }

    /** {@code base} changed by {@code --cc KEY=CC}. */
    private List<ChainSpec.CcBinding> ccBindings(List<ChainSpec.CcBinding> base) {
        return ccOption.apply(base, key -> JamParams.byKey(key) != null, "temperature=20",
                "the generator (see 'nesjam plugins')");
    }



    /** The prompt tokens: {@code <S>} plus the file's events without trailing waits, at most one model window. */
    static int[] prompt(Path file, int window) {
        if (file == null) {
            return new int[] {Tx1Vocab.SEP};
        }
        NesSong song = GenerateCommand.readPrompt(file);
        int[] events = Tx1Codec.encode(song);
        int n = events.length;
        while (n > 0 && (Tx1Vocab.isWait(events[n - 1]) || events[n - 1] == Tx1Vocab.SEP)) {
            n--;
        }
        int keep = Math.min(n, Math.max(1, window - 1));
        int[] p = new int[keep + 1];
        p[0] = Tx1Vocab.SEP;
        System.arraycopy(events, n - keep, p, 1, keep);
        return p;
    }

    @Override
    public Integer call() throws Exception {
        if (sampling.temp != null) {
            values.put("temperature", sampling.temp);
        }
        if (sampling.topK != null) {
            values.put("topk", (double) sampling.topK);
        }
        if (sampling.topP != null) {
            values.put("topp", sampling.topP);
        }
        List<ChainSpec.CcBinding> cc = ccBindings(JamLive.defaultCcBindings());
        long seed = sampling.seedOrClock();
        MidiOutMap midiOutMap = midiOutMapOption.get(MidiOutMap.GM); // live output and --record: for a DAW
        ControlPage.Access access = controlOptions.access();
        NesModel model = modelOption.load();
        try {
            int[] prompt = prompt(promptFile, model.info().context());
            JamStats stats = new JamStats(100_000);
            // the control page's roll: the model's plan and the player's notes (none without a page)
            NoteFeed pageNotes = access != null ? new NoteFeed(8192) : null;
            JamPlugin jam = JamLive.liveWorker(new JamPlugin(() -> model, false)).setSeed(seed).setPrompt(prompt)
                    .setStats(stats).setPlanSink(pageNotes != null ? pageNotes.planSink() : null);
            ApuInstrument apu = new ApuInstrument();
            List<Plugin> plugins = List.<Plugin>of(jam, apu);
            if (!host.isDefault()) { // --preset / --scene / --set, then the flags above override them
                try (org.nesjam.host.discovery.PluginRegistry registry = host.discover()) {
                    ChainSpec applied = host.applyTo(plugins, registry);
                    if (!applied.cc().isEmpty()) { // a scene's CC map (a saved jam's), then --cc
                        cc = ccBindings(applied.cc());
                    }
                }
            }
            for (Map.Entry<String, Double> e : values.entrySet()) {
                jam.setParamValue(JamParams.byKey(e.getKey()).id(), e.getValue());
            }
            if (recordDir != null) {
                try {
                    Files.createDirectories(recordDir);
                } catch (IOException e) {
                    throw new UserError("--record " + recordDir + ": cannot create the directory: " + e.getMessage());
                }
            }
            AudioBackends.Opened out = audio.open(force.force); // after every option was checked: bad input creates no file
            int rate = out.config().sampleRate();
            return JamSession.run(new JamSession.Setup(model, jam, apu, stats, pageNotes, cc, gridBpm, seed,
                    prompt.length - 1, out, midi.request(), access, recordDir, midiOutMap, quiet, seconds, statsEvery,
                    host.sceneFile()));
        } finally {
            model.close();
        }
    }
}
