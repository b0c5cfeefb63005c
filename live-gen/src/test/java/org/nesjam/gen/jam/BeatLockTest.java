package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.gen.model.NesModel;
import org.nesjam.host.PluginChain;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.ProcessBlock;

/**
 * Beat lock offline, on the shipped model: MIDI clock, Start, Stop, Continue and Song Position Pointer reach the
 * generator as block events (as the engine places live MIDI), and the model's note-ons are checked against the
 * host's grid, interpolated between the clock ticks the host sent (16ths and 8th triplets).
 */
class BeatLockTest {
    static final int RATE = 48_000;
    static final int BLOCK = 256;
    static final double WITHIN_SECONDS = 0.005;

    /** What the host sends: sample times of clock ticks and transport messages. */
    static final class Host {
        final List<long[]> events = new ArrayList<>(); // {sampleTime, packed}
        final List<Long> ticks = new ArrayList<>(); // ticks since the last Start, by sample time
        final List<Long> tickIndex = new ArrayList<>();
        long index;

        /** Clock at {@code bpm} from {@code from} for {@code seconds}, tick times jittered by +-jitter of a tick. */
        double clock(double from, double seconds, double bpm, double jitter, SplittableRandom random) {
            double interval = 60.0 * RATE / bpm / 24;
            double t = from;
            while (t < from + seconds * RATE) {
                long at = Math.round(t + (jitter > 0 ? (random.nextDouble() * 2 - 1) * jitter * interval : 0));
                events.add(new long[] {at, 0xF8});
                ticks.add(at);
                tickIndex.add(index++);
                t += interval;
            }
            return t;
        }

        void message(double sampleTime, int packed) {
            events.add(new long[] {Math.round(sampleTime), packed});
            if (packed == 0xFA) {
                index = 0;
            }
        }

        /** True when {@code t} is within 5 ms of a grid point between two ticks (16ths: 6 ticks, triplets: 8). */
        boolean onGrid(long t) {
            for (int k = 1; k < ticks.size(); k++) {
                long a = ticks.get(k - 1);
                long b = ticks.get(k);
                if (t < a - RATE || t > b + RATE) {
                    continue;
                }
                long ia = tickIndex.get(k - 1);
                if (tickIndex.get(k) != ia + 1) {
                    continue;
                }
                for (long i : new long[] {ia, ia + 1}) {
                    long time = i == ia ? a : b;
                    if ((i % 6 == 0 || i % 8 == 0) && Math.abs(t - time) <= WITHIN_SECONDS * RATE) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Renders the host's events through the jam; returns the model's note-ons and note-offs {sampleTime, packed}. */
    static List<long[]> render(Host host, double seconds, double grid) {
        JamPlugin jam = new JamPlugin(NesModel::loadDefault, true).setSeed(5).setOffline(true);
        jam.setParamValue(JamParams.GRID, grid);
        PluginChain chain = new PluginChain(List.<Plugin>of(jam, new ApuInstrument()), 2, BLOCK, 512,
                (PluginChain.PluginFault f) -> {
                    throw new AssertionError("plugin fault", f.error());
                });
        chain.activate(RATE);
        host.events.sort((x, y) -> Long.compare(x[0], y[0]));
        ProcessBlock b = chain.block();
        List<long[]> model = new ArrayList<>();
        int next = 0;
        for (long t = 0; t < (long) (seconds * RATE); t += BLOCK) {
            b.frameCount = BLOCK;
            b.sampleTime = t;
            b.inputEvents.clear();
            while (next < host.events.size() && host.events.get(next)[0] < t + BLOCK) {
                long[] e = host.events.get(next++);
                b.inputEvents.addPackedMidi((int) Math.max(0, e[0] - t), (int) e[1]);
            }
            chain.process();
            for (int e = 0; e < b.inputEvents.size(); e++) {
                int msg = b.inputEvents.midi(e);
                int cmd = msg & 0xF0;
                if (b.inputEvents.kind(e) == EventBuffer.MIDI && (msg & 0x0F) < 4
                        && (cmd == Midi.NOTE_ON || cmd == Midi.NOTE_OFF)) {
                    model.add(new long[] {t + b.inputEvents.blockOffset(e), msg});
                }
            }
        }
        assertNull(jam.workerFailure(), "worker failed");
        chain.destroy();
        return model;
    }

    static boolean noteOn(long[] e) {
        return (e[1] & 0xF0) == Midi.NOTE_ON && ((e[1] >>> 16) & 0x7F) > 0;
    }

    /** Fraction of note-ons in [from, to) within 5 ms of the host's grid; {count, onGrid}. */
    static int[] onGrid(Host host, List<long[]> model, double fromSeconds, double toSeconds) {
        int n = 0;
        int hit = 0;
        for (long[] e : model) {
            if (noteOn(e) && e[0] >= fromSeconds * RATE && e[0] < toSeconds * RATE) {
                n++;
                hit += host.onGrid(e[0]) ? 1 : 0;
            }
        }
        return new int[] {n, hit};
    }

    @Test
    void notesLandOnTheHostGridThroughATempoChangeAndStopSilences() {
        SplittableRandom random = new SplittableRandom(3);
        Host host = new Host();
        host.message(0.5 * RATE, 0xFA);
        double t = host.clock(0.5 * RATE + 100, 12, 132, 0.05, random); // jitter never moves a tick before Start
        t = host.clock(t, 12, 100, 0.05, random); // a second clock takes over, no new Start
        host.message(t, 0xFC);
        double stopAt = t;
        host.clock(t + 1, 2, 100, 0.05, random); // clock goes on while stopped
        List<long[]> model = render(host, 27.5, 1.0);
        int[] first = onGrid(host, model, 2.5, 12.5);
        int[] second = onGrid(host, model, 14.5, 24.5);
        System.out.printf(Locale.ROOT, "beat lock offline: 132 bpm %d/%d note-ons on the grid, 100 bpm %d/%d%n",
                first[1], first[0], second[1], second[0]);
        assertTrue(first[0] > 30 && second[0] > 30, "too few notes: " + first[0] + ", " + second[0]);
        assertTrue(first[1] >= 0.85 * first[0], "132 bpm: " + first[1] + " of " + first[0]);
        assertTrue(second[1] >= 0.85 * second[0], "100 bpm: " + second[1] + " of " + second[0]);
        // the first note after Start is on a beat (the jam plays on its internal tempo before any transport)
        long firstOn = model.stream().filter(BeatLockTest::noteOn).mapToLong(e -> e[0])
                .filter(at -> at >= 0.5 * RATE).min().orElseThrow();
        long downbeat = host.ticks.get(0);
        double beats = (firstOn - downbeat) / (60.0 * RATE / 132);
        assertTrue(beats > -0.01 && Math.abs(beats - Math.rint(beats)) < 0.02, "first note at beat " + beats);
        // after Stop: every model voice ends within one block and nothing starts
        int[] sounding = {-1, -1, -1, -1};
        for (long[] e : model) {
            int ch = (int) (e[1] & 0x0F);
            if (e[0] > stopAt + BLOCK) {
                assertTrue(!noteOn(e), "a model note at " + e[0] + " after Stop at " + stopAt);
            } else if (noteOn(e)) {
                sounding[ch] = (int) (e[1] >>> 8) & 0x7F;
            } else if (sounding[ch] == ((e[1] >>> 8) & 0x7F)) {
                sounding[ch] = -1;
            }
        }
        for (int ch = 0; ch < 4; ch++) {
            assertEquals(-1, sounding[ch], "voice " + ch + " still sounding after Stop");
        }
    }

    @Test
    void withoutClockTheInternalTempoGivesTheGrid() {
        Host host = new Host();
        double interval = 60.0 * RATE / 90 / 24; // --bpm 90 as the transport tempo: beat 0 at the first block
        for (long i = 0; i < 24L * 90 / 60 * 20; i++) {
            host.ticks.add(Math.round(i * interval));
            host.tickIndex.add(i);
        }
        JamPlugin jam = new JamPlugin(NesModel::loadDefault, true).setSeed(5).setOffline(true);
        PluginChain chain = new PluginChain(List.<Plugin>of(jam, new ApuInstrument()), 2, BLOCK, 512,
                (PluginChain.PluginFault f) -> {
                    throw new AssertionError("plugin fault", f.error());
                });
        chain.activate(RATE);
        ProcessBlock b = chain.block();
        b.transport.tempoBpm = 90;
        List<long[]> model = new ArrayList<>();
        for (long t = 0; t < 15L * RATE; t += BLOCK) {
            b.frameCount = BLOCK;
            b.sampleTime = t;
            b.inputEvents.clear();
            chain.process();
            for (int e = 0; e < b.inputEvents.size(); e++) {
                if ((b.inputEvents.midi(e) & 0x0F) < 4) {
                    model.add(new long[] {t + b.inputEvents.blockOffset(e), b.inputEvents.midi(e)});
                }
            }
        }
        chain.destroy();
        int[] got = onGrid(host, model, 1, 15);
        assertTrue(got[0] > 30 && got[1] == got[0], got[1] + " of " + got[0] + " note-ons on the 90 bpm grid");
    }

    @Test
    void badClockKeepsPlaying() {
        SplittableRandom random = new SplittableRandom(9);
        Host host = new Host();
        double t = host.clock(0.2 * RATE, 2, 120, 0.2, random); // clock without Start, +-20 % jitter
        host.message(t, 0xFA); // Start, then no clock at all for 2 s
        t += 2.0 * RATE;
        t = host.clock(t, 2, 20, 0, random); // 20 bpm
        t = host.clock(t, 2, 400, 0, random); // 400 bpm
        host.message(t, 0xF2 | (0x7F << 8) | (0x7F << 16)); // song position past any end
        host.message(t + 5, 0xFB);
        host.clock(t + 10, 2, 400, 0.2, random);
        List<long[]> model = render(host, 12, 1.0);
        long late = model.stream().filter(BeatLockTest::noteOn).filter(e -> e[0] > 10.5 * RATE).count();
        assertTrue(late > 0, "the jam stopped playing after the clock stopped");
        long during = model.stream().filter(BeatLockTest::noteOn)
                .filter(e -> e[0] > 2.5 * RATE && e[0] < 4.2 * RATE).count();
        assertTrue(during > 0, "no notes while Start came without clock");
    }
}
