package org.nesjam.presets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nesjam.host.ChainBuilder;
import org.nesjam.host.ChainSpec;
import org.nesjam.host.EventSource;
import org.nesjam.host.LiveChain;
import org.nesjam.host.OfflineRenderer;
import org.nesjam.host.PreparedChain;
import org.nesjam.host.discovery.PluginDiscovery;
import org.nesjam.host.discovery.PluginRegistry;
import org.nesjam.plugin.AudioBuffer;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Params;

/**
 * State round-trip with the real APU instrument: a session set up from a scene-like spec (preset, --set, CC map),
 * then automated live (CC and control-surface parameter changes) is saved to a chain file and loaded again; the
 * loaded session renders the song bit for bit like the running session does from the same point. (The APU's
 * PluginState holds its parameter values, not the chip registers, so both sessions run the same silent first block;
 * a mid-note round-trip is proven with a plugin whose state is complete, in plugin-core's LiveChainTest.)
 */
class ApuSessionRoundTripTest {
    private static final int RATE = 48000;
    private static final int BLOCK = 256;
    private static final ChainBuilder.Config CONFIG = new ChainBuilder.Config(RATE, 1, BLOCK, 128);
    @TempDir
    Path home;

    /** A little song on channels 1-4; times in frames. */
    private static final int[][] SONG = {
        {0, Midi.NOTE_ON, 72, 12}, {0, Midi.NOTE_ON | 1, 64, 9}, {0, Midi.NOTE_ON | 2, 48, 15},
        {6000, Midi.NOTE_ON | 3, 14, 10}, {9000, Midi.NOTE_OFF | 3, 14, 0},
        {12000, Midi.NOTE_ON, 76, 12}, {18000, Midi.PITCH_BEND, 0, 80}, {24000, Midi.NOTE_OFF, 76, 0},
        {24000, Midi.NOTE_ON, 79, 14}, {30000, Midi.NOTE_OFF | 1, 64, 0}, {36000, Midi.NOTE_OFF, 79, 0},
        {36000, Midi.NOTE_OFF | 2, 48, 0},
    };

    private static EventSource song(long startFrame) {
        return new EventSource() {
            @Override
            public void fill(long sampleTime, int frameCount, EventBuffer out) {
                for (int[] e : SONG) {
                    long t = e[0] + startFrame;
                    if (t >= sampleTime && t < sampleTime + frameCount) {
                        out.addMidi((int) (t - sampleTime), e[1], e[2], e[3]);
                    }
                }
            }

            @Override
            public long lengthFrames() {
                return startFrame + 40000;
            }
        };
    }

    private static float[] render(org.nesjam.host.ChainProcessor chain, long fromFrame, long frames) throws Exception {
        float[] out = new float[(int) frames];
        int[] pos = {0};
        org.nesjam.audio.AudioSink sink = new org.nesjam.audio.AudioSink() {
            @Override
            public void write(AudioBuffer audio, int frameCount) {
                System.arraycopy(audio.channel(0), 0, out, pos[0], frameCount);
                pos[0] += frameCount;
            }

            @Override
            public void close() {
            }
        };
        EventSource events = song(1000);
        // render [fromFrame, fromFrame + frames) of the song with absolute sample times
        org.nesjam.plugin.ProcessBlock b = chain.block();
        long t = fromFrame;
        while (t < fromFrame + frames) {
            int n = (int) Math.min(BLOCK, fromFrame + frames - t);
            b.frameCount = n;
            b.sampleTime = t;
            b.inputEvents.clear();
            events.fill(t, n, b.inputEvents);
            chain.process();
            sink.write(b.audio, n);
            t += n;
        }
        return out;
    }

    @Test
    void savedSessionRendersBitForBitLikeTheRunningOne() throws Exception {
        try (PluginRegistry registry = PluginDiscovery.discover(getClass().getClassLoader(), List.of())) {
            PresetLoader loader = new PresetLoader(new PresetLibrary(home.resolve("presets"), home.resolve("scenes"),
                    getClass().getClassLoader()), registry);
            ChainSpec spec = loader.withPreset(ChainSpec.of("org.nesjam.apu"), "lead");
            spec = loader.withSet(spec, "p1.envelope=1");
            spec = loader.withSet(spec, "p1.envelope.rate=9");
            spec = spec.withCc(List.of(new ChainSpec.CcBinding(0, 1, 0, "p2.duty")));
            // the running session: a live chain, automated before the song starts
            LiveChain live = new LiveChain(1, BLOCK, 128, 480);
            live.submit(ChainBuilder.build(spec, registry, loader, CONFIG, null));
            org.nesjam.plugin.ProcessBlock b = live.block();
            b.frameCount = BLOCK;
            b.sampleTime = 0;
            b.inputEvents.clear();
            b.inputEvents.addMidi(10, Midi.CONTROL_CHANGE, 1, 127); // CC1 -> p2.duty = 3
            live.setParam(0, 31, 2, 0);                               // control surface: p2.envelope = loop
            live.process();
            PreparedChain running = live.current();
            Params params = running.chain().plugins()[0].extension(Params.class);
            assertEquals(3.0, params.paramValue(11), "CC automation applied");
            assertEquals(2.0, params.paramValue(31), "control change applied");
            // save the session (the chain stops processing between blocks, as an offline host may)
            running.chain().stopProcessing();
            Path file = home.resolve("session.chain.json");
            running.capture(true).write(file);
            ChainSpec loaded = ChainSpec.read(file);
            assertEquals(3.0, loaded.plugins().get(0).params().get("p2.duty"));
            assertEquals(spec.cc(), loaded.cc());
            PreparedChain reloaded = ChainBuilder.build(loaded, registry, loader, CONFIG, null);

            // The APU's state holds its parameters, not the chip's registers, so the reloaded session replays the
            // same silent first block (without the automation: its values are in the saved state); then the song
            // from frame BLOCK on must come out identical.
            reloaded.chain().block().frameCount = BLOCK;
            reloaded.chain().block().sampleTime = 0;
            reloaded.chain().block().inputEvents.clear();
            reloaded.chain().process();
            float[] a = render(live, BLOCK, 40000);
            float[] c = render(reloaded.chain(), BLOCK, 40000);
            assertArrayEquals(a, c, "loaded session renders bit for bit like the running one");
            double energy = 0;
            for (float x : a) {
                energy += x * x;
            }
            double rms = Math.sqrt(energy / a.length);
            assertTrue(rms > 0.02, "the song is audible: rms " + rms);
            // and the saved settings matter: a default APU renders something else
            PreparedChain plain = ChainBuilder.build(ChainSpec.of("org.nesjam.apu"), registry, null, CONFIG, null);
            float[] d = render(plain.chain(), BLOCK, 40000);
            assertFalse(Arrays.equals(a, d));
            live.close();
            reloaded.chain().destroy();
            plain.chain().destroy();
        }
    }
}
