package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.nesjam.host.CcMap;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.FaultReporter;
import org.nesjam.host.LiveChain;
import org.nesjam.host.NesjamDirs;
import org.nesjam.host.PluginChain;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.rt.Engine;
import org.nesjam.json.SafeFiles;
import org.nesjam.plugin.ParamInfo;
import org.nesjam.plugin.Plugin;
import org.nesjam.presets.Scene;

/**
 * {@code nesjam jam} (the default command): the Transformer improvises live in the four NES voices on the best audio
 * output, listening to MIDI input. Chain: [{@link JamPlugin}, APU instrument] in a {@link LiveChain} (CC map, CC
 * learn) on the real-time {@link Engine}; the player's MIDI comes in through the engine's input ring, MIDI clock sets
 * the transport tempo the generator follows, the model's voices also go to {@code --midi-out} (or its own
 * virtual output) and to {@code --record DIR}'s MIDI file, mapped by {@code --midi-out-map} ({@link MidiOutMap}:
 * {@code gm}, the default, for a DAW; {@code nes} for NES-MDB semantics). [main-thread]
 * <p>
 * Live controls: MIDI CCs on channel 1 (defaults below, {@code --cc KEY=CC} to change, {@code learn KEY} on stdin
 * to learn), and stdin lines: {@code set KEY VALUE}, {@code idea}, {@code mute VOICE}, {@code unmute VOICE},
 * {@code save [NAME]}, {@code panic}, {@code note VOICE PITCH [MS]}, {@code learn KEY}, {@code quit}; the control
 * surface ({@code --control PORT}, {@link ControlPage}) sends the same lines.
 */
public final class JamCommand implements CliCommand {
    /** Default CC bindings on MIDI channel 1. */
    static final Map<String, Integer> DEFAULT_CC = defaultCc();

    private static Map<String, Integer> defaultCc() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("temperature", 20);
        m.put("topk", 21);
        m.put("lookahead", 22);
        m.put("new-idea", 23);
        m.put("mute.p1", 24);
        m.put("mute.p2", 25);
        m.put("mute.tr", 26);
        m.put("mute.no", 27);
        m.put("scale", 28);
        m.put("scale.root", 29);
        m.put("own.p1", 30);
        m.put("own.p2", 31);
        m.put("own.tr", 32);
        m.put("own.no", 33);
        m.put("structure", 34);
        m.put("harmony", 35);
        return m;
    }

    @Override
    public String name() {
        return "jam";
    }

    @Override
    public String usage() {
        return "jam [--mode endless|accompany|call-response] [--own p1,tr] [--prompt FILE.mid] [--temp T] [--topk K]"
                + " [--topp P] [--lookahead S] [--scale major --root D] [--mute p2,no] [--max-note MS] [--rest BEATS]"
                + " [--bpm BPM] [--grid strict|feel|off] [--clock-lead MS] [--reference-bpm BPM] [--no-follow-clock] [--chord-channel CH]"
                + " [--chord-split NOTE] [--harmony S]"
                + " [--seed N] [--model FILE] [--cc KEY=CC]"
                + " [--record DIR] [--midi-out-map gm|nes] [--seconds N] [--stats-every S] " + ControlPage.USAGE + " "
                + AudioOptions.USAGE.replace(" [--record FILE]", "") + " "
                + MidiOptions.USAGE + " " + HostOptions.USAGE
                + " [--no-midi]   the Transformer jams in the NES voices (default command)";
    }

    @Override
    public Set<String> valuedOptions() {
        Set<String> s = new HashSet<>(Set.of("mode", "own", "prompt", "temp", "topk", "topp", "lookahead", "scale",
                "root", "mute", "max-note", "rest", "reference-bpm", "chord-channel", "chord-split", "harmony", "bpm",
                "grid", "clock-lead", "seed", CcOption.NAME, "seconds", "stats-every", ModelOption.NAME,
                ControlPage.OPTION, ControlPage.HOST_OPTION, MidiOutMapOption.NAME));
        s.addAll(AudioOptions.VALUED);
        s.addAll(MidiOptions.VALUED);
        s.addAll(HostOptions.VALUED);
        return s;
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("no-follow-clock", "no-midi", "quiet");
    }

    /** Parameter values from the command line (keys of {@link JamParams}). */
    static Map<String, Double> params(Args args) {
        Map<String, Double> p = new LinkedHashMap<>();
        if (args.has("mode")) { // absent: the generator's default (endless) or the preset's/scene's mode
            String modeName = args.get("mode", "endless");
            JamMode mode = JamMode.parse(modeName);
            if (mode == null) {
                throw new UserError("--mode must be endless, accompany or call-response, got '" + modeName + "'");
            }
            p.put("mode", (double) mode.paramValue());
        }
        if (args.has("own")) {
            int bits = voiceBits(args.get("own", ""), "--own");
            for (int v = 0; v < 4; v++) {
                p.put("own." + new String[] {"p1", "p2", "tr", "no"}[v], (bits >> v & 1) * 1.0);
            }
        }
        if (args.has("mute")) {
            int bits = voiceBits(args.get("mute", ""), "--mute");
            for (int v = 0; v < 4; v++) {
                p.put("mute." + new String[] {"p1", "p2", "tr", "no"}[v], (bits >> v & 1) * 1.0);
            }
        }
        number(args, "temp", "temperature", p);
        number(args, "topk", "topk", p);
        number(args, "topp", "topp", p);
        number(args, "lookahead", "lookahead", p);
        number(args, "max-note", "max-note", p);
        number(args, "rest", "rest", p);
        number(args, "reference-bpm", "reference-bpm", p);
        number(args, "chord-channel", "chord.channel", p);
        number(args, "chord-split", "chord.split", p);
        number(args, "harmony", "harmony", p);
        number(args, "clock-lead", "clock-lead", p);
        if (args.has("scale")) {
            int s = JamParams.scaleIndex(args.get("scale", ""));
            if (s < 0) {
                throw new UserError("--scale must be one of " + String.join(", ", JamParams.SCALE_NAMES) + ", got '"
                        + args.get("scale", "") + "'");
            }
            p.put("scale", (double) s);
        }
        if (args.has("root")) {
            int pc = JamParams.pitchClass(args.get("root", ""));
            if (pc < 0) {
                throw new UserError("--root must be a note name such as C, F# or Bb, got '" + args.get("root", "")
                        + "'");
            }
            p.put("scale.root", (double) pc);
        }
        if (args.has("grid")) {
            String g = args.get("grid", "").trim().toLowerCase(Locale.ROOT);
            double v = switch (g) {
                case "strict" -> 1.0;
                case "feel" -> 0.5;
                case "off", "free" -> 0.0;
                default -> {
                    double d = args.getDouble("grid", Double.NaN);
                    if (!(d >= 0 && d <= 1)) {
                        throw new UserError("--grid must be strict, feel, off or a pull 0..1, got '" + g + "'");
                    }
                    yield d;
                }
            };
            p.put("grid", v);
        }
        if (args.flag("no-follow-clock")) {
            p.put("follow-clock", 0.0);
        }
        return p;
    }

    /** The default {@code clock-lead} in audio periods (see where it is set). */
    static final double CLOCK_LEAD_PERIODS = 1.05;

    /** {@code --bpm}: the tempo of the beat grid while no MIDI clock comes (20-400, default 120). */
    static double bpm(Args args) {
        if (!args.has("bpm")) {
            return 120.0;
        }
        double v = args.getDouble("bpm", Double.NaN);
        if (!(v >= 20 && v <= 400)) {
            throw new UserError("--bpm must be 20..400, got '" + args.get("bpm", "") + "'");
        }
        return v;
    }

    private static void number(Args args, String option, String key, Map<String, Double> p) {
        if (!args.has(option)) {
            return;
        }
        double v = args.getDouble(option, Double.NaN);
        ParamInfo info = JamParams.byKey(key);
        if (Double.isNaN(v) || v < info.min() || v > info.max()) {
            throw new UserError("--" + option + " must be " + fmt(info.min()) + ".." + fmt(info.max()) + ", got '"
                    + args.get(option, "") + "'");
        }
        p.put(key, v);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** "p1,tr" -> bit mask (P1 = 1, P2 = 2, TR = 4, NO = 8); "none" -> 0. */
    static int voiceBits(String list, String option) {
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
                default -> throw new UserError(option + ": voices are p1, p2, tr, no (comma-separated), got '" + s
                        + "'");
            }
        }
        return bits;
    }

    /** CC bindings on channel 1 (0-based 0): the defaults, changed by {@code --cc KEY=CC}. */
    static List<ChainSpec.CcBinding> ccBindings(Args args) {
        List<ChainSpec.CcBinding> defaults = new ArrayList<>();
        DEFAULT_CC.forEach((key, cc) -> defaults.add(new ChainSpec.CcBinding(0, cc, 0, key)));
        return ccBindings(args, defaults);
    }

    /** {@code base} changed by {@code --cc KEY=CC}. */
    private static List<ChainSpec.CcBinding> ccBindings(Args args, List<ChainSpec.CcBinding> base) {
        return CcOption.apply(args, base, key -> JamParams.byKey(key) != null, "temperature=20",
                "the generator (see 'nesjam plugins')");
    }

    /** A scene name that {@code save} accepts: no path, no {@code ..}, at most 64 characters. */
    private static final java.util.regex.Pattern SCENE_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_-]{0,63}(\\.[A-Za-z0-9_-]{1,16})?");

    /**
     * Writes the jam's settings (the generator's and the APU's parameters, the CC map) as a scene that
     * {@code --scene NAME} loads again; the reply line. Commands come from stdin and the control page, so they may
     * only write nesjam's own files: {@code name} is a scene name (no path, no {@code ..}) written to
     * {@code NesjamDirs.scenesDir()/NAME.json}; without a name it writes back to the {@code --scene FILE} the user
     * gave on the command line. An existing file that is not a nesjam scene is never replaced; a scene it replaces is
     * kept as a backup. Parameter changes sent just before reach the plugins at the audio thread's next block, so it
     * waits a little first.
     */
    static String saveScene(LiveChain live, String name, Path commandLineScene) throws InterruptedException {
        Path file;
        if (name != null) {
            String bare = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
            if (!SCENE_NAME.matcher(bare).matches() || bare.contains("..")) {
                return "jam: save takes a scene name (letters, digits, - and _), not a path: '" + name + "' refused";
            }
            file = NesjamDirs.scenesDir().resolve(bare + ".json");
        } else if (commandLineScene != null) {
            file = commandLineScene;
        } else {
            return "jam: save NAME (writes " + NesjamDirs.scenesDir() + "/NAME.json; 'nesjam jam --scene NAME' loads"
                    + " it again)";
        }
        if (Files.exists(file)) {
            try {
                Scene.read(file);
            } catch (IOException | RuntimeException e) {
                return "jam: " + file + " exists and is not a nesjam scene; not replaced";
            }
        }
        Thread.sleep(50);
        PreparedChain playing = live.current();
        for (int i = 0; playing == null && i < 40; i++) { // a save typed at once: the audio thread has not started
            Thread.sleep(50);
            playing = live.current();
        }
        if (playing == null) {
            return "jam: nothing is playing yet; not saved";
        }
        String sceneName = file.getFileName().toString().replaceFirst("\\.json$", "");
        Scene scene = new Scene(sceneName, sceneName, "saved from a jam", "jam", playing.capture(false),
                file.toString());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path backup = SafeFiles.writeKeepingBackup(file, scene.toJsonText());
            return "jam: saved " + file + (backup != null ? " (previous kept as " + backup + ")" : "");
        } catch (IOException e) {
            return "jam: cannot save " + file + ": " + e.getMessage();
        }
    }

    /** The prompt tokens: {@code <S>} plus the file's events without trailing waits, at most one model window. */
    static int[] prompt(Args args, int window) {
        if (!args.has("prompt")) {
            return new int[] {Tx1Vocab.SEP};
        }
        NesSong song = GenerateCommand.readPrompt(Path.of(args.get("prompt", "")));
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
    public int run(Args args) throws Exception {
        if (!args.positionals().isEmpty()) {
            throw new UserError("jam: unexpected argument '" + args.positionals().get(0) + "'");
        }
        Map<String, Double> values = params(args);
        double gridBpm = bpm(args);
        List<ChainSpec.CcBinding> cc = ccBindings(args);
        long seed = args.has("seed") ? parseSeed(args.get("seed", "1")) : System.nanoTime() & 0xffffffL;
        double seconds = args.getDouble("seconds", 0);
        if (seconds < 0 || Double.isNaN(seconds)) {
            throw new UserError("--seconds must be positive, got '" + args.get("seconds", "") + "'");
        }
        double statsEvery = args.getDouble("stats-every", 0);
        if (statsEvery < 0 || Double.isNaN(statsEvery)) {
            throw new UserError("--stats-every must be positive seconds, got '" + args.get("stats-every", "") + "'");
        }
        Path recordDir = args.has("record") ? Path.of(args.get("record", "")) : null;
        MidiOutMap midiOutMap = MidiOutMapOption.get(args, MidiOutMap.GM); // live output and --record: for a DAW
        boolean quiet = args.flag("quiet");
        ControlPage.check(args);
        NesModel model = ModelOption.load(args);
        try {
            int[] prompt = prompt(args, model.info().context());
            AudioOptions audio = AudioOptions.from(args);
            JamStats stats = new JamStats(100_000);
            // the control page's roll: the model's plan and the player's notes (none without a page)
            NoteFeed pageNotes = args.has(ControlPage.OPTION) ? new NoteFeed(8192) : null;
            JamPlugin jam = liveWorker(new JamPlugin(() -> model, false)).setSeed(seed).setPrompt(prompt)
                    .setStats(stats).setPlanSink(pageNotes != null ? pageNotes.planSink() : null);
            ApuInstrument apu = new ApuInstrument();
            List<Plugin> plugins = List.<Plugin>of(jam, apu);
            HostOptions host = HostOptions.from(args);
            if (!host.isDefault()) { // --preset / --scene / --set, then the flags above override them
                try (org.nesjam.host.discovery.PluginRegistry registry = host.discover()) {
                    ChainSpec applied = host.applyTo(plugins, registry);
                    if (!applied.cc().isEmpty()) { // a scene's CC map (a saved jam's), then --cc
                        cc = ccBindings(args, applied.cc());
                    }
                }
            }
            for (Map.Entry<String, Double> e : values.entrySet()) {
                jam.setParamValue(JamParams.byKey(e.getKey()).id(), e.getValue());
            }
            AudioBackends.Opened out = audio.open(); // after every option was checked: bad input creates no file
            int rate = out.config().sampleRate();
            if (!values.containsKey("clock-lead")) {
                // MIDI clock in and notes out through RtMidi on JACK: a tick is seen, and a note lands, on period
                // boundaries; notes then land closest to the host's grid about 1.05 periods early (measured at 256
                // frames with scripts/beat-lock-check.sh)
                jam.setParamValue(JamParams.CLOCK_LEAD_MS, CLOCK_LEAD_PERIODS * out.config().periodMillis());
            }
            FaultReporter faults = new FaultReporter();
            PluginChain chain = new PluginChain(plugins, 2, 512, 1024, faults);
            LiveChain live = new LiveChain(2, 512, 1024, 1);
            Engine engine = new Engine(live, Engine.Options.DEFAULT);
            engine.setTempo(gridBpm, false); // the grid without MIDI clock
            org.nesjam.midi.live.MidiReceiver player = playerInput(engine, jam, pageNotes);
            LivePorts ports = LivePorts.open(args, engine, player, true, "jamming");
            jam.setMidiTap(packedMidi -> {
                org.nesjam.nativebridge.midi.MidiOutput o = ports.output();
                return o != null && o.trySend(midiOutMap.mapLive(packedMidi));
            });
            JamRecording rec = null;
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            if (recordDir != null) {
                try {
                    Files.createDirectories(recordDir);
                } catch (IOException e) {
                    throw new UserError("--record " + recordDir + ": cannot create the directory: " + e.getMessage());
                }
                rec = new JamRecording(recordDir.resolve("jam-" + stamp + ".mid"), rate, midiOutMap);
                jam.setRecordSink(rec);
            }
            try {
                chain.activate(rate);
            } catch (IllegalStateException e) {
                throw new UserError("the generator cannot start: " + e.getMessage());
            }
            CcMap ccMap = CcMap.build(cc, chain.plugins(), "--cc");
            live.submit(new PreparedChain(chain, ChainSpec.of(JamPlugin.DESCRIPTOR.id(), "org.nesjam.apu").withCc(cc),
                    ccMap));
            live.startReclaimer();
            live.block().sampleRate = rate;
            final JamRecording recording = rec;
            long startNanos = System.nanoTime();
            ExitCleanup finish = new ExitCleanup("jam", () -> {
                engine.stop(); // finalizes the WAV recording and the WAV/stdout output
                ports.close();
                if (recording != null) {
                    try {
                        recording.write();
                        System.err.println("jam: recorded " + recording.path() + " (" + recording.size()
                                + " events)");
                    } catch (IOException e) {
                        System.err.println("nesjam: jam: cannot write " + recording.path() + ": " + e.getMessage());
                    }
                    Path nsf = recording.path().resolveSibling(recording.path().getFileName().toString()
                            .replaceFirst("\\.mid$", ".nsf"));
                    try {
                        recording.writeNsf(nsf, apu);
                    } catch (IOException | UserError e) {
                        System.err.println("nesjam: jam: cannot write " + nsf + ": " + e.getMessage());
                    }
                }
                if (!quiet) {
                    System.err.println(summary(jam, stats, (System.nanoTime() - startNanos) / 1e9));
                }
            });
            engine.start(out.backend());
            if (recordDir != null) {
                Path wav = recordDir.resolve("jam-" + stamp + ".wav");
                engine.startRecording(wav);
                System.err.println("jam: recording to " + wav + " and " + rec.path());
            }
            AtomicBoolean quit = new AtomicBoolean();
            LiveControl control = new LiveControl("jam", live, jam, quit);
            control.add("idea", "idea", w -> {
                String reply = control.set("new-idea", 1);
                Thread.sleep(60);
                control.set("new-idea", 0);
                return reply;
            });
            control.add("mute", "mute VOICE", w -> w.length == 2
                    ? control.set("mute." + w[1].toLowerCase(Locale.ROOT), 1) : "jam: mute p1|p2|tr|no");
            control.add("unmute", "unmute VOICE", w -> w.length == 2
                    ? control.set("mute." + w[1].toLowerCase(Locale.ROOT), 0) : "jam: unmute p1|p2|tr|no");
            control.add("save", "save [NAME]", w -> w.length > 2 ? "jam: save takes one scene name"
                    : saveScene(live, w.length > 1 ? w[1] : null, host.sceneFile()));
            control.add("panic", "panic", w -> {
                engine.allNotesOff();
                return "jam: all notes off";
            });
            control.add("note", NoteCommand.USAGE, new NoteCommand("jam", player));
            if (!quiet) {
                System.err.printf(Locale.ROOT, "jam: %s mode, model %s, seed %d, lookahead %.2f s%s; CCs on channel 1:"
                                + " %s; stdin: %s%n",
                        JamMode.fromParam(jam.paramValue(JamParams.MODE)).cliName(), model.source(), seed,
                        jam.paramValue(JamParams.LOOKAHEAD), prompt.length > 1 ? ", prompt " + (prompt.length - 1)
                                + " tokens" : "", CcOption.describe(cc), control.usage());
            }
            MusicianStatus musician = new MusicianStatus(engine::xrunCount);
            ControlPage page = ControlPage.startIfAsked(args, "jam", control, pageLayout(), () -> summary(jam, stats,
                    (System.nanoTime() - startNanos) / 1e9) + ", xruns " + engine.xrunCount(), new ControlPage.Live(
                    pageNotes, engine::playheadSampleTime, rate, () -> musician.jam(jam, engine)));
            control.startStdinThread("jam");
            int code = 0;
            long deadline = seconds > 0 ? startNanos + (long) (seconds * 1e9) : Long.MAX_VALUE;
            long statsNanos = statsEvery > 0 ? (long) (statsEvery * 1e9) : Long.MAX_VALUE;
            long nextStats = statsEvery > 0 ? startNanos + statsNanos : Long.MAX_VALUE;
            while (true) {
                if (System.nanoTime() >= nextStats) {
                    nextStats += statsNanos;
                    System.err.println(summary(jam, stats, (System.nanoTime() - startNanos) / 1e9) + ", xruns "
                            + out.backend().xrunCount() + ", RSS " + residentKib() + " KiB");
                }
                if (engine.awaitEnd(50, TimeUnit.MILLISECONDS)) {
                    AudioBackends.Opened back = AudioOptions.awaitServerReturn(engine, out, ports, quit::get,
                            deadline, newRate -> {
                                if (recording != null) { // the MIDI recording goes on at the new rate
                                    recording.rateChanged(engine.playheadSampleTime(), newRate);
                                }
                                return AudioOptions.reactivate(live, newRate);
                            });
                    if (back != null) {
                        out = back;
                        continue;
                    }
                    String reason = engine.backendStopReason();
                    if (AudioOptions.serverGone(out)) {
                        code = quit.get() || System.nanoTime() >= deadline ? 0 : 1; // awaitServerReturn said why
                    } else if (reason != null) {
                        System.err.println("nesjam: " + reason + "; stopped");
                        code = 1;
                    }
                    break;
                }
                Throwable failure = jam.workerFailure();
                if (failure != null) {
                    System.err.println("nesjam: jam: the generator stopped: " + failure.getMessage()
                            + (recording != null ? " (recording finalized)" : ""));
                    if (System.getenv("NESJAM_DEBUG") != null) {
                        failure.printStackTrace();
                    }
                    code = 70;
                    break;
                }
                if (quit.get() || System.nanoTime() >= deadline) {
                    break;
                }
            }
            finish.run();
            if (page != null) {
                page.close();
            }
            live.close();
            faults.close();
            return code;
        } finally {
            model.close();
        }
    }

    private static long parseSeed(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new UserError("--seed must be an integer, got '" + s + "'");
        }
    }


    /**
     * The live MIDI receiver of a jam: each message goes to the engine's input ring, then, with the number the engine
     * gave it, to the generator's fast path ({@code EarlyInput}: its worker starts reacting to a note before the next
     * audio cycle, and acts on the number once when the audio thread's copy comes). [midi-in-thread]
     */
    static org.nesjam.midi.live.MidiReceiver playerInput(Engine engine, JamPlugin jam) {
        return playerInput(engine, jam, null);
    }

    /** {@link #playerInput(Engine, JamPlugin)}, and each message also to the control page's roll (null: none). */
    static org.nesjam.midi.live.MidiReceiver playerInput(Engine engine, JamPlugin jam, NoteFeed page) {
        return (msg, nanos) -> {
            long sampleTime = engine.sampleTimeAt(nanos);
            if (page != null) { // first: the woken worker runs at real-time priority and may take this CPU
                page.player(sampleTime, msg);
            }
            jam.earlyInput(msg, sampleTime, engine.publishMidiNanos(msg, nanos), nanos);
        };
    }

    /**
     * The jam's control surface: the mode and the key as named choices, new idea and panic as big buttons (the
     * {@code new-idea} trigger itself hidden), the rarely touched settings under "More"; every other continuous
     * parameter of the generator is a slider, whatever it is.
     */
    static PageLayout pageLayout() {
        List<String> modes = new ArrayList<>();
        for (int v = 0; v <= 2; v++) {
            modes.add(JamMode.fromParam(v).cliName());
        }
        return new PageLayout().labels("mode", modes).labels("scale", JamParams.SCALE_NAMES)
                .labels("scale.root", MusicianStatus.noteNames()).hidden("new-idea")
                .advanced("topk", "rest", "reference-bpm", "max-note", "follow-clock")
                .button("New idea", "idea", "i").button("Panic", "panic", "Escape");
    }

    /**
     * The generator worker of a live jam runs at the lowest real-time priority where the system allows it
     * ({@link org.nesjam.nativebridge.midi.RealtimeThreads#GENERATOR_PRIORITY}), so a reaction is not delayed by
     * normally scheduled work. [main-thread, before activation]
     */
    static JamPlugin liveWorker(JamPlugin jam) {
        return jam.setWorkerSetup(() -> org.nesjam.nativebridge.midi.RealtimeThreads.trySetFifo(
                org.nesjam.nativebridge.midi.RealtimeThreads.GENERATOR_PRIORITY));
    }

    /** This process's resident set in KiB (Linux /proc/self/status VmRSS), or -1 where unavailable. [any thread] */
    static long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static String summary(JamPlugin jam, JamStats s, double seconds) {
        return String.format(Locale.ROOT, "jam: %.1f s, %d tokens (%.1f/s), %d model events, %d rollbacks,"
                        + " starvation %d, late events %d (%d outside reactions), lookahead margin min %.1f ms median"
                        + " %.0f ms, generator thread %s", seconds, s.tokens.get(),
                s.tokens.get() / Math.max(seconds, 1e-9), s.emittedEvents.get(), s.rollbacks.get(),
                s.starvations.get(), s.lateEvents.get(), s.lateEventsNoRollback.get(), s.marginMinMs(),
                s.marginQuantileMs(0.5), workerPriority(jam))
                + String.format(Locale.ROOT, ", grid %.1f bpm (%s)", jam.gridTempoBpm(),
                        jam.clockFollowed() ? "MIDI clock" : "no clock: internal or last clock tempo")
                + (s.chords.get() > 0 ? ", " + s.chords.get() + " chords followed" : "");
    }

    static String workerPriority(JamPlugin jam) {
        return jam.workerBoosted() ? "SCHED_FIFO " + org.nesjam.nativebridge.midi.RealtimeThreads.GENERATOR_PRIORITY
                : "normal priority";
    }

    /** [control-thread] stdin commands until EOF or quit. */
}
