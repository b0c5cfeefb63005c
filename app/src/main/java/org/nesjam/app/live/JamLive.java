package org.nesjam.app.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nesjam.host.ChainSpec;
import java.util.List;
import java.util.Locale;
import org.nesjam.host.rt.Engine;
import org.nesjam.gen.jam.JamMode;
import org.nesjam.gen.jam.JamParams;
import org.nesjam.gen.jam.JamPlugin;
import org.nesjam.gen.jam.JamStats;
import org.nesjam.host.LiveChain;
import org.nesjam.host.NesjamDirs;
import org.nesjam.json.SafeFiles;
import org.nesjam.presets.Scene;

/**
 * The pieces of a live jam that {@code jam} and {@code bench jam} share: the player's MIDI path into the generator,
 * the generator worker's priority, the control page's layout, the jam's summary line and saving the jam as a scene.
 * Threads as each method says.
 */
public final class JamLive {
    /** A scene name that {@code save} accepts: no path, no {@code ..}, at most 64 characters. */
    private static final java.util.regex.Pattern SCENE_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_-]{0,63}(\\.[A-Za-z0-9_-]{1,16})?");

    private JamLive() {
    }

    /** Default CC bindings on MIDI channel 1. */
    public static final Map<String, Integer> DEFAULT_CC = defaultCc();

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

    /** The default CC bindings on channel 1 (0-based 0). */
    public static List<ChainSpec.CcBinding> defaultCcBindings() {
        List<ChainSpec.CcBinding> defaults = new ArrayList<>();
        DEFAULT_CC.forEach((key, cc) -> defaults.add(new ChainSpec.CcBinding(0, cc, 0, key)));
        return defaults;
    }


    /**
     * Writes the jam's settings (the generator's and the APU's parameters, the CC map) as a scene that
     * {@code --scene NAME} loads again; the reply line. Commands come from stdin and the control page, so they may
     * only write nesjam's own files: {@code name} is a scene name (no path, no {@code ..}) written to
     * {@code NesjamDirs.scenesDir()/NAME.json}; without a name it writes back to the {@code --scene FILE} the user
     * gave on the command line. An existing file that is not a nesjam scene is never replaced; a scene it replaces is
     * kept as a backup. Parameter changes sent just before reach the plugins at the audio thread's next block, so it
     * waits a little first.
     */
    public static String saveScene(LiveChain live, String name, Path commandLineScene, String mode)
            throws InterruptedException {
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
        org.nesjam.host.PreparedChain playing = live.current();
        for (int i = 0; playing == null && i < 40; i++) { // a save typed at once: the audio thread has not started
            Thread.sleep(50);
            playing = live.current();
        }
        if (playing == null) {
            return "jam: nothing is playing yet; not saved";
        }
        String sceneName = file.getFileName().toString().replaceFirst("\\.json$", "");
        Scene scene = new Scene(sceneName, sceneName, "saved from a jam", mode, playing.capture(false),
                file.toString());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path backup = SafeFiles.writeKeepingBackup(file, scene.toJsonText());
            return "jam: saved " + file + (backup != null ? " (previous kept as " + backup + ")" : "");
        } catch (IOException e) {
            return "jam: cannot save " + file + ": " + e.getMessage();
        }
    }

    /**
     * The live MIDI receiver of a jam: each message goes to the engine's input ring, then, with the number the engine
     * gave it, to the generator's fast path ({@code EarlyInput}: its worker starts reacting to a note before the next
     * audio cycle, and acts on the number once when the audio thread's copy comes). [midi-in-thread]
     */
    public static org.nesjam.midi.live.MidiReceiver playerInput(Engine engine, JamPlugin jam) {
        return playerInput(engine, jam, null);
    }

    /** {@link #playerInput(Engine, JamPlugin)}, and each message also to the control page's roll (null: none). */
    public static org.nesjam.midi.live.MidiReceiver playerInput(Engine engine, JamPlugin jam, NoteFeed page) {
        return new org.nesjam.midi.live.MidiReceiver() {
            @Override
            public void receive(int msg, long nanos) {
                long sampleTime = engine.sampleTimeAt(nanos);
                deliver(msg, sampleTime, nanos, engine.publishMidiNanos(msg, nanos));
            }

            /** A message its JACK port stamped with its engine time: the engine, the page and the jam use that. */
            @Override
            public void receive(int msg, long nanos, long sampleTime) {
                if (sampleTime == NO_SAMPLE_TIME) {
                    receive(msg, nanos);
                } else {
                    deliver(msg, sampleTime, nanos, engine.publishMidiAt(msg, sampleTime, nanos));
                }
            }

            private void deliver(int msg, long sampleTime, long nanos, long inputSequence) {
                if (page != null) { // first: the woken worker runs at real-time priority and may take this CPU
                    page.player(sampleTime, msg);
                }
                jam.earlyInput(msg, sampleTime, inputSequence, nanos);
            }
        };
    }

    /**
     * The jam's control surface: the mode and the key as named choices, new idea and panic as big buttons (the
     * {@code new-idea} trigger itself hidden), the rarely touched settings under "More"; every other continuous
     * parameter of the generator is a slider, whatever it is.
     */
    public static PageLayout pageLayout() {
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
    public static JamPlugin liveWorker(JamPlugin jam) {
        return jam.setWorkerSetup(() -> org.nesjam.nativebridge.midi.RealtimeThreads.trySetFifo(
                org.nesjam.nativebridge.midi.RealtimeThreads.GENERATOR_PRIORITY));
    }

    /** This process's resident set in KiB (Linux /proc/self/status VmRSS), or -1 where unavailable. [any thread] */
    public static long residentKib() {
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

    public static String summary(JamPlugin jam, JamStats s, double seconds) {
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

    public static String workerPriority(JamPlugin jam) {
        return jam.workerBoosted() ? "SCHED_FIFO " + org.nesjam.nativebridge.midi.RealtimeThreads.GENERATOR_PRIORITY
                : "normal priority";
    }
}
