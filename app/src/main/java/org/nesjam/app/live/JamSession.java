package org.nesjam.app.live;

import static org.nesjam.app.live.JamLive.pageLayout;
import static org.nesjam.app.live.JamLive.playerInput;
import static org.nesjam.app.live.JamLive.residentKib;
import static org.nesjam.app.live.JamLive.saveScene;
import static org.nesjam.app.live.JamLive.summary;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nesjam.app.UserError;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.audio.AudioBackends;
import org.nesjam.host.rt.Engine;
import org.nesjam.gen.jam.ClockLog;
import org.nesjam.gen.jam.JamMode;
import org.nesjam.gen.jam.JamParams;
import org.nesjam.gen.jam.JamPlugin;
import org.nesjam.gen.jam.JamStats;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.tokens.MidiOutMap;
import org.nesjam.host.CcMap;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.FaultReporter;
import org.nesjam.host.LiveChain;
import org.nesjam.host.PluginChain;
import org.nesjam.host.PreparedChain;
import org.nesjam.plugin.Plugin;

/**
 * A live jam: the configured generator and APU instrument in a {@link LiveChain} (CC map, CC learn) on the
 * real-time {@link Engine}, the MIDI ports, the recording, the control language of stdin and the page, and the run
 * loop until Ctrl-C, {@code quit}, the time limit, the generator failing or the backend ending (a JACK server that
 * goes away is waited for, {@link LiveRun#awaitServerReturn}). [main-thread; see the package for the others]
 */
public final class JamSession {
    /**
     * What the {@code jam} command prepared, every option checked: the model (closed by the command), the generator
     * (parameters set) and the instrument, the statistics, the page's note feed (null: no page), the CC map, the
     * grid's tempo without MIDI clock, the seed and prompt length (for the start line), the opened output, the MIDI
     * ports to open, where the page listens (null: none), the {@code --record} folder (existing; null: none), the
     * MIDI mapping of the model's voices, {@code quiet}, {@code seconds} (0: no limit), {@code statsEvery} (0: never)
     * and the {@code --scene} file {@code save} writes back to (null: none).
     */
    public record Setup(NesModel model, JamPlugin jam, ApuInstrument apu, JamStats stats, NoteFeed pageNotes,
                        List<ChainSpec.CcBinding> cc, double gridBpm, long seed, int promptTokens,
                        AudioBackends.Opened out, LivePorts.Request midi, ControlPage.Access access, Path recordDir,
                        MidiOutMap midiOutMap, boolean quiet, double seconds, double statsEvery, Path sceneFile) {
    }

    private JamSession() {
    }

    /** Runs the jam; the exit code (0, 1 when the backend died, 70 when the generator failed). */
    public static int run(Setup s) throws Exception {
        NesModel model = s.model();
        JamPlugin jam = s.jam();
        ApuInstrument apu = s.apu();
        JamStats stats = s.stats();
        NoteFeed pageNotes = s.pageNotes();
        List<ChainSpec.CcBinding> cc = s.cc();
        List<Plugin> plugins = List.<Plugin>of(jam, apu);
        AudioBackends.Opened out = s.out();
        int rate = out.config().sampleRate();
        double gridBpm = s.gridBpm();
        long seed = s.seed();
        MidiOutMap midiOutMap = s.midiOutMap();
        Path recordDir = s.recordDir();
        ControlPage.Access access = s.access();
        boolean quiet = s.quiet();
        double seconds = s.seconds();
        double statsEvery = s.statsEvery();
        FaultReporter faults = new FaultReporter();
        PluginChain chain = new PluginChain(plugins, 2, 512, 1024, faults);
        LiveChain live = new LiveChain(2, 512, 1024, 1);
        Engine engine = new Engine(live, Engine.Options.DEFAULT);
        engine.setTempo(gridBpm, false); // the grid without MIDI clock
        org.nesjam.midi.live.MidiReceiver player = playerInput(engine, jam, pageNotes);
        LivePorts ports = LivePorts.open(s.midi(), engine, player, true, "jamming",
                LivePorts.timelineOf(out.backend()));
        jam.setMidiTap(new JamPlugin.MidiTap() {
            @Override
            public boolean trySend(int packedMidi, long sampleTime) {
                org.nesjam.nativebridge.midi.MidiOutput o = ports.output();
                return o != null && o.trySendAt(midiOutMap.mapLive(packedMidi), sampleTime);
            }

            @Override
            public void retractNoteOnsFrom(long sampleTime) {
                org.nesjam.nativebridge.midi.MidiOutput o = ports.output();
                if (o != null) {
                    o.retractNoteOnsFrom(sampleTime);
                }
            }
        });
        ports.followTiming(out.config().periodFrames(), jam::setPortTiming);
        JamRecording rec = null;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (recordDir != null) {
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
        // NESJAM_CLOCK_LOG=FILE: the transport messages and the clock's counts, written at the end (BeatGridCheck)
        String clockLogPath = System.getenv("NESJAM_CLOCK_LOG");
        ClockLog clockLog = clockLogPath == null || clockLogPath.isBlank() ? null : new ClockLog(1 << 16);
        jam.logClock(clockLog);
        long startNanos = System.nanoTime();
        ExitCleanup finish = new ExitCleanup("jam", () -> {
            engine.stop(); // finalizes the WAV recording and the WAV/stdout output
            long clockTicks = ports.clockTicks();
            ports.close();
            List<String> portCounts = ports.countsReport();
            if (clockLog != null) {
                try {
                    clockLog.write(Path.of(clockLogPath));
                    System.err.println("jam: clock log: " + clockLog.size() + " messages written to " + clockLogPath);
                } catch (IOException | RuntimeException e) {
                    System.err.println("nesjam: jam: cannot write the clock log " + clockLogPath + ": "
                            + e.getMessage());
                }
            }
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
                if (clockTicks > 0) {
                    System.err.println("jam: MIDI clock ticks received " + clockTicks + " ("
                            + stats.clockLostTicks.get() + " more counted from gaps they left, "
                            + stats.clockDuplicateTicks.get() + " left out as received twice, "
                            + stats.clockPhaseJumps.get() + " jumps of their phase followed)");
                }
                portCounts.forEach(System.err::println);
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
                : saveScene(live, w.length > 1 ? w[1] : null, s.sceneFile(),
                JamMode.fromParam(jam.paramValue(JamParams.MODE)).cliName()));
        control.add("panic", "panic", w -> {
            engine.allNotesOff();
            return "jam: all notes off";
        });
        control.add("note", NoteCommand.USAGE, new NoteCommand("jam", player));
        if (!quiet) {
            System.err.printf(Locale.ROOT, "jam: %s mode, model %s, seed %d, lookahead %.2f s%s; CCs on channel 1:"
                            + " %s; stdin: %s%n",
                    JamMode.fromParam(jam.paramValue(JamParams.MODE)).cliName(), model.source(), seed,
                    jam.paramValue(JamParams.LOOKAHEAD), s.promptTokens() > 0 ? ", prompt " + s.promptTokens()
                            + " tokens" : "", LiveControl.describeCc(cc), control.usage());
        }
        MusicianStatus musician = new MusicianStatus(engine::xrunCount);
        ControlPage page = ControlPage.startIfAsked(access, "jam", control, pageLayout(),
                () -> summary(jam, stats, (System.nanoTime() - startNanos) / 1e9) + ", xruns " + engine.xrunCount(),
                new ControlPage.Live(pageNotes, engine::playheadSampleTime, rate, () -> musician.jam(jam, engine)));
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
                AudioBackends.Opened back = LiveRun.awaitServerReturn(engine, out, ports, quit::get,
                        deadline, newRate -> {
                            if (recording != null) { // the MIDI recording goes on at the new rate
                                recording.rateChanged(engine.playheadSampleTime(), newRate);
                            }
                            return LiveRun.reactivate(live, newRate);
                        });
                if (back != null) {
                    out = back;
                    continue;
                }
                String reason = engine.backendStopReason();
                if (LiveRun.serverGone(out)) {
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
    }
}
