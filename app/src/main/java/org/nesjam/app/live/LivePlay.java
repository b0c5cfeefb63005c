package org.nesjam.app.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nesjam.app.UserError;
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
public final class LivePlay {
    /**
     * What the command prepared, every option checked: the plugins found, the chain to start with (its CC map
     * included), the opened audio output, the {@code --record} file (null: none), {@code seconds} (0: no limit),
     * the {@code --chain} file (null: none), the MIDI ports to open and where the control page listens (null: no
     * page).
     */
    public record Setup(PluginRegistry registry, PresetLoader presets, ChainSpec spec, AudioBackends.Opened out,
                        Path record, double seconds, Path chainFile, LivePorts.Request midi,
                        ControlPage.Access control) {
    }

    private LivePlay() {
    }

    /** Plays until Ctrl-C, quit, the time limit or the backend's end; the exit code. */
    public static int run(Setup setup) throws Exception {
        AudioBackends.Opened out = setup.out();
        Path chainFile = setup.chainFile();
        ChainSpec spec = setup.spec();
        int rate = out.config().sampleRate();
        FaultReporter faults = new FaultReporter();
        PreparedChain prepared;
        try {
            prepared = ChainBuilder.build(spec, setup.registry(), setup.presets(),
                    new ChainBuilder.Config(rate, 2, 512, 1024), faults);
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
        org.nesjam.midi.live.MidiReceiver player = setup.control() == null ? engine::publishMidiNanos
                : (msg, nanos) -> {
                    engine.publishMidiNanos(msg, nanos);
                    pageNotes.player(engine.sampleTimeAt(nanos), msg);
                };
        LivePorts ports = LivePorts.open(setup.midi(), engine, player, false, "playing",
                LivePorts.timelineOf(out.backend()));
        AtomicBoolean quit = new AtomicBoolean();
        LiveControl control = new LiveControl("play", live, prepared.chain().plugins()[0].extension(Params.class),
                quit);
        control.add("panic", "panic", w -> {
            engine.allNotesOff();
            return "play: all notes off";
        });
        control.add("save", "save", w -> chainFile == null ? "play: save needs --chain FILE" : save(live, chainFile));
        control.add("note", NoteCommand.USAGE, new NoteCommand("play", player));
        System.err.println("play: live APU instrument; CCs: " + LiveControl.describeCc(spec.cc()) + "; stdin: "
                + control.usage());
        control.startStdinThread("play");
        MusicianStatus musician = new MusicianStatus(engine::xrunCount);
        ControlPage page = ControlPage.startIfAsked(setup.control(), "play", control,
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
            return LiveRun.run(engine, out, setup.record(), setup.seconds(), quit::get, ports,
                    newRate -> LiveRun.reactivate(live, newRate));
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
