package org.nesjam.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.audio.AudioBackends;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.FaultReporter;
import org.nesjam.host.LiveChain;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.host.rt.Engine;
import org.nesjam.plugin.Params;
import org.nesjam.presets.PresetLoader;

/**
 * {@code nesjam play} without a file: the live instrument. MIDI in (a virtual input {@code nesjam-in:in} plus every
 * MIDI source present, or {@code --midi-in}) -> APU instrument (channels 1-4 drive pulse 1, pulse 2, triangle, noise,
 * or as the preset/scene says) -> audio out. MIDI clock sets the engine's tempo.
 * <p>
 * Instrument parameters can be mapped to MIDI CCs with {@code --cc KEY=CC} (channel 1) or learned live; with
 * {@code --chain FILE} the chain (parameters and CC map) is loaded from FILE when it exists and saved back to it on
 * exit and on {@code save} (the previous file is kept as a backup). stdin commands: {@code set KEY VALUE},
 * {@code learn KEY}, {@code panic} (all notes off on every voice), {@code save}, {@code quit} ({@link LiveControl};
 * also from the control page, {@code --control PORT}). [main-thread]
 */
final class LivePlay {
    private LivePlay() {
    }

    static int run(Args args) throws Exception {
        ControlPage.check(args);
        HostOptions host = HostOptions.from(args);
        AudioOptions audio = AudioOptions.from(args);
        double seconds = args.getDouble("seconds", 0);
        if (seconds < 0) {
            throw new UserError("--seconds must be positive");
        }
        Path chainFile = args.has("chain") ? Path.of(args.get("chain", "")) : null;
        PluginRegistry registry = host.discover();
        PresetLoader presets = host.presetLoader(registry);
        ChainSpec spec;
        try {
            spec = chainFile != null && Files.exists(chainFile) ? ChainSpec.read(chainFile)
                    : host.spec(registry, ApuInstrument.DESCRIPTOR.id());
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        spec = spec.withCc(ccBindings(args, spec, registry));

        AudioBackends.Opened out = audio.open();
        int rate = out.config().sampleRate();
        FaultReporter faults = new FaultReporter();
        PreparedChain prepared;
        try {
            prepared = ChainBuilder.build(spec, registry, presets, new ChainBuilder.Config(rate, 2, 512, 1024), faults);
        } catch (IOException e) {
            out.backend().close();
            throw new UserError(e.getMessage(), e);
        }
        LiveChain live = new LiveChain(2, 512, 1024, LiveChain.DEFAULT_CROSSFADE_FRAMES);
        live.submit(prepared);
        live.startReclaimer();
        live.block().sampleRate = rate;
        Engine engine = new Engine(live, Engine.Options.DEFAULT);

        engine.start(out.backend()); // before the MIDI ports open, so that no early note is lost
        NoteFeed pageNotes = new NoteFeed(4096); // the control page's roll: the player's notes
        org.nesjam.midi.live.MidiReceiver player = !args.has(ControlPage.OPTION) ? engine::publishMidiNanos
                : (msg, nanos) -> {
                    engine.publishMidiNanos(msg, nanos);
                    pageNotes.player(engine.sampleTimeAt(nanos), msg);
                };
        LivePorts ports = LivePorts.open(args, engine, player, false, "playing");
        AtomicBoolean quit = new AtomicBoolean();
        LiveControl control = new LiveControl("play", live, prepared.chain().plugins()[0].extension(Params.class),
                quit);
        control.add("panic", "panic", w -> {
            engine.allNotesOff();
            return "play: all notes off";
        });
        control.add("save", "save", w -> chainFile == null ? "play: save needs --chain FILE" : save(live, chainFile));
        control.add("note", NoteCommand.USAGE, new NoteCommand("play", player));
        System.err.println("play: live APU instrument; CCs: " + CcOption.describe(spec.cc()) + "; stdin: "
                + control.usage());
        control.startStdinThread("play");
        MusicianStatus musician = new MusicianStatus(engine::xrunCount);
        ControlPage page = ControlPage.startIfAsked(args, "play", control,
                new PageLayout().button("Panic", "panic", "Escape"), () -> "play: " + engine.counters()
                .framesRendered() / out.config().sampleRate() + " s played, xruns " + engine.xrunCount(),
                new ControlPage.Live(pageNotes, engine::playheadSampleTime, rate, musician::play));
        ExitCleanup finish = new ExitCleanup("play", () -> {
            engine.stop();
            ports.close();
            if (chainFile != null) { // also on Ctrl-C and SIGTERM: nothing set up live is lost
                System.err.println(save(live, chainFile));
            }
        });
        try {
            return audio.run(engine, out, seconds, quit::get, ports, newRate -> AudioOptions.reactivate(live, newRate));
        } finally {
            finish.run();
            if (page != null) {
                page.close();
            }
            live.close();
            faults.close();
            out.backend().close();
        }
    }

    /** CC bindings: those of the chain file, changed by {@code --cc KEY=CC} (channel 1, the first plugin). */
    private static List<ChainSpec.CcBinding> ccBindings(Args args, ChainSpec spec, PluginRegistry registry) {
        String id = spec.plugins().get(0).id();
        org.nesjam.host.discovery.PluginInfo info = registry.find(id);
        return CcOption.apply(args, spec.cc(), key -> info != null
                && info.params().stream().anyMatch(p -> p.key().equals(key)), "p1.duty=20",
                id + " (see 'nesjam plugins')");
    }

    /** Saves the chain (parameters and CC map) to {@code chainFile}, keeping the previous file; the reply line. */
    private static String save(LiveChain live, Path chainFile) {
        try {
            Path backup = live.current().capture(false).write(chainFile);
            return "play: saved " + chainFile + (backup != null ? " (previous kept as " + backup + ")" : "");
        } catch (IOException e) {
            return "play: cannot save " + chainFile + ": " + e.getMessage();
        }
    }
}
