package org.nesjam.presets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.LiveChain;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.testsupport.TonePlugin;

/**
 * Must-show: a preset loaded while rendering produces no discontinuity larger than the smoothing allows; bad preset
 * files give one clear line each, the current sound keeps playing (bit-identical to an undisturbed render) and no
 * user file changes.
 */
class LivePresetTest {
    private static final double RATE = 48000;
    private static final int BLOCK = 256;
    private static final ChainBuilder.Config CONFIG = new ChainBuilder.Config(RATE, 1, BLOCK, 128);
    private static final double W440 = 2 * Math.PI * 440 / RATE;
    @TempDir
    Path home;
    private PluginRegistry registry;
    private PresetLoader loader;

    @BeforeEach
    void setUp() throws Exception {
        registry = PluginDiscovery.discover(getClass().getClassLoader(), List.of());
        Path dir = Files.createDirectories(home.resolve("presets"));
        String head = "{\"format\": \"nesjam-preset\", \"version\": 1, \"plugin\": \"" + TonePlugin.ID + "\",\n";
        Files.writeString(dir.resolve("loud.json"), head + "\"name\": \"Loud\", \"params\": {\"gain\": 1.0}}\n");
        Files.writeString(dir.resolve("loud-unsmoothed.json"), head
                + "\"name\": \"Loud, no smoothing\", \"params\": {\"ramp_ms\": 0, \"gain\": 1.0}}\n");
        Files.writeString(dir.resolve("bad-unknown-field.json"), head
                + "\"name\": \"x\", \"params\": {\"gain\": 1.0}, \"colour\": \"red\"}\n");
        Files.writeString(dir.resolve("bad-wrong-type.json"), head + "\"name\": \"x\", \"params\": {\"gain\": \"max\"}}\n");
        Files.writeString(dir.resolve("bad-out-of-range.json"), head + "\"name\": \"x\", \"params\": {\"gain\": 3}}\n");
        Files.writeString(dir.resolve("bad-newer.json"), head.replace("\"version\": 1", "\"version\": 7")
                + "\"name\": \"x\", \"params\": {\"gain\": 1.0}}\n");
        Files.writeString(dir.resolve("bad-truncated.json"), head + "\"name\": \"x\", \"params\": {\"gain\": 1.");
        Files.writeString(dir.resolve("bad-unknown-param.json"), head + "\"name\": \"x\", \"params\": {\"volume\": 1}}\n");
        loader = new PresetLoader(new PresetLibrary(dir, home.resolve("scenes"), getClass().getClassLoader()),
                registry);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private LiveChain start(double gain) throws IOException {
        LiveChain live = new LiveChain(1, BLOCK, 128, 480);
        ChainSpec spec = ChainSpec.of(TonePlugin.ID);
        spec = spec.withPlugins(List.of(spec.plugins().get(0).withParams(Map.of("gain", gain))));
        live.submit(ChainBuilder.build(spec, registry, loader, CONFIG, null));
        return live;
    }

    private static void render(LiveChain live, float[] out, int fromBlock, int toBlock) {
        ProcessBlock b = live.block();
        for (int k = fromBlock; k < toBlock; k++) {
            b.frameCount = BLOCK;
            b.sampleTime = (long) k * BLOCK;
            b.inputEvents.clear();
            live.process();
            System.arraycopy(b.audio.channel(0), 0, out, k * BLOCK, BLOCK);
            live.reclaim();
        }
    }

    private static double maxStep(float[] x, int from, int to) {
        double m = 0;
        for (int i = Math.max(1, from); i < to; i++) {
            m = Math.max(m, Math.abs(x[i] - x[i - 1]));
        }
        return m;
    }

    /** Every user file's content (compared by value), by its path under the home folder. */
    private Map<String, ByteBuffer> contents() throws Exception {
        Map<String, ByteBuffer> h = new TreeMap<>();
        try (var files = Files.walk(home)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    h.put(home.relativize(p).toString(), ByteBuffer.wrap(Files.readAllBytes(p)));
                }
            }
        }
        return h;
    }

    @Test
    void presetLoadWhileRenderingStaysWithinTheSmoothingBound() throws Exception {
        LiveChain live = start(0.2);
        float[] out = new float[BLOCK * 300];
        render(live, out, 0, 100);
        assertFalse(loader.applyLive(live, 0, "loud", CONFIG, null), "params-only preset: parameter events");
        render(live, out, 100, 300);
        // y = g sin(phase): per-frame change <= gain ramp step + max gain * sine slope
        double rampFrames = RATE * 0.010;
        double bound = (1.0 - 0.2) / rampFrames + 1.0 * W440 + 1e-6;
        double step = maxStep(out, 1, out.length);
        assertTrue(step <= bound, "max step " + step + " > smoothing bound " + bound);
        float peak = 0;
        for (int i = out.length - 4000; i < out.length; i++) {
            peak = Math.max(peak, Math.abs(out[i]));
        }
        assertEquals(1.0, peak, 0.01, "preset applied");
        live.close();
    }

    @Test
    void controlCaseWithoutSmoothingShowsTheStepTheBoundWouldCatch() throws Exception {
        LiveChain live = start(0.2);
        float[] out = new float[BLOCK * 200];
        render(live, out, 0, 100);
        // a block length of 256 frames at 440 Hz: the jump lands wherever the sine is; take the worst case over
        // a few blocks by loading at several points
        loader.applyLive(live, 0, "loud-unsmoothed", CONFIG, null);
        render(live, out, 100, 200);
        double bound = (1.0 - 0.2) / (RATE * 0.010) + 1.0 * W440 + 1e-6;
        double atSwitch = Math.abs(out[100 * BLOCK] - out[100 * BLOCK - 1]);
        double sine = Math.abs(Math.sin(2 * Math.PI * 440 * (100.0 * BLOCK) / RATE)); // |sin| at the switch frame
        assertTrue(sine > 0.3, "the switch lands away from a zero crossing: " + sine);
        assertTrue(atSwitch > bound, "unsmoothed jump " + atSwitch + " exceeds the bound " + bound);
        live.close();
    }

    @Test
    void badPresetsGiveOneLineEachAndTheCurrentSoundKeepsPlayingUnchanged() throws Exception {
        Map<String, ByteBuffer> before = contents();
        LiveChain reference = start(0.4);
        float[] ref = new float[BLOCK * 200];
        render(reference, ref, 0, 200);
        reference.close();

        LiveChain live = start(0.4);
        float[] out = new float[BLOCK * 200];
        render(live, out, 0, 100);
        List<String> errors = new ArrayList<>();
        for (String name : List.of("bad-unknown-field", "bad-wrong-type", "bad-out-of-range", "bad-newer",
                "bad-truncated", "bad-unknown-param", "no-such-preset")) {
            IOException e = assertThrows(IOException.class, () -> loader.applyLive(live, 0, name, CONFIG, null));
            assertFalse(e.getMessage().contains("\n"));
            errors.add(e.getMessage().replace(home.toString() + "/", ""));
            render(live, out, 100 + errors.size() * 10 - 10, 100 + errors.size() * 10);
        }
        render(live, out, 170, 200);
        assertArrayEquals(ref, out, "the sound kept playing, untouched by the failed loads");
        assertEquals(before, contents(), "no user file changed");
        assertEquals(List.of(
                "presets/bad-unknown-field.json:2:49: field \"colour\": unknown field (allowed here: description, "
                        + "format, name, params, plugin, state, version)",
                "presets/bad-wrong-type.json:2:33: field \"params.gain\": expected a number, got a string",
                "presets/bad-out-of-range.json:2:33: field \"params.gain\": value 3 out of range [0, 1]",
                "presets/bad-newer.json:1:40: field \"version\": format version 7 is newer than this nesjam supports "
                        + "(1); update nesjam",
                "presets/bad-truncated.json:2:35: field \"params.gain\": unexpected end of file (truncated?)",
                "presets/bad-unknown-param.json:2:35: field \"params.volume\": unknown parameter for plugin "
                        + "org.nesjam.test.tone (it has: gain, octave, ramp_ms, drone)",
                "no preset file or preset named 'no-such-preset' (see 'nesjam presets')"), errors);
        live.close();
    }

    @Test
    void statePresetSwapsTheChainWithACrossfade() throws Exception {
        // a state preset: the tone one octave up at gain 0.8, saved by the plugin itself
        TonePlugin t = new TonePlugin();
        t.setParamValue(TonePlugin.OCTAVE, 1);
        t.setParamValue(TonePlugin.GAIN, 0.8);
        Preset withState = new Preset("up", TonePlugin.ID, "Up an octave", "", Map.of(), t.saveState(), "up.json");
        loader.library().saveUserPreset("up", withState);
        LiveChain live = start(0.5);
        float[] out = new float[BLOCK * 200];
        render(live, out, 0, 100);
        assertTrue(loader.applyLive(live, 0, "up", CONFIG, null), "state preset: new chain, crossfaded");
        render(live, out, 100, 200);
        assertEquals(2, live.swapCount());
        double bound = Math.max(0.5 * W440, 0.8 * 2 * W440) + (0.5 + 0.8) / 480 + 1e-6;
        double step = maxStep(out, 1, out.length);
        assertTrue(step <= bound, "max step " + step + " > crossfade bound " + bound);
        live.close();
    }
}
