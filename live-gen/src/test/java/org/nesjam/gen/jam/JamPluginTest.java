package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nesjam.apu.instrument.ApuInstrument;
import org.nesjam.gen.model.NesModel;
import org.nesjam.host.PluginChain;
import org.nesjam.plugin.EventBuffer;
import org.nesjam.plugin.Midi;
import org.nesjam.plugin.Plugin;
import org.nesjam.plugin.ProcessBlock;
import org.nesjam.threads.ThreadAllocation;

/** The generator plugin in a chain before the APU instrument, on the tiny test model. */
class JamPluginTest {
    static final int RATE = 48_000;
    static final int BLOCK = 256;

    private static JamPlugin tinyJam() {
        return new JamPlugin(() -> NesModel.loadResource(JamTimelineTest.TINY), true);
    }

    /**
     * Player notes on channel 1: on at every 0.4 s, off 0.15 s later; numbered like live input (their sample time is
     * their input sequence number).
     */
    private static void playerEvents(long start, int frames, EventBuffer in) {
        long period = (long) (0.4 * RATE);
        for (long t = start; t < start + frames; t++) {
            if (t < RATE / 2) {
                continue;
            }
            long k = t / period;
            int note = 60 + (int) (k % 12);
            if (t % period == 0) {
                in.addPackedMidi((int) (t - start), Midi.pack(Midi.NOTE_ON, note, 100), t);
            } else if (t % period == (long) (0.15 * RATE)) {
                in.addPackedMidi((int) (t - start), Midi.pack(Midi.NOTE_OFF, note, 0), t);
            }
        }
    }

    /** Renders {@code seconds} offline; returns what the instrument received, as "sampleTime:packed" longs. */
    private static List<long[]> renderOffline(JamPlugin jam, double seconds, float[] peak) {
        return renderOffline(jam, seconds, peak, false);
    }

    /** With {@code fastPath}, every player note is also handed to {@link JamPlugin#earlyInput} before its block. */
    private static List<long[]> renderOffline(JamPlugin jam, double seconds, float[] peak, boolean fastPath) {
        PluginChain chain = new PluginChain(List.<Plugin>of(jam, new ApuInstrument()), 2, BLOCK, 512,
                (PluginChain.PluginFault f) -> {
                    throw new AssertionError("plugin fault", f.error());
                });
        chain.activate(RATE);
        List<long[]> received = new ArrayList<>();
        ProcessBlock b = chain.block();
        long total = (long) (seconds * RATE);
        for (long t = 0; t < total; t += BLOCK) {
            b.frameCount = BLOCK;
            b.sampleTime = t;
            b.inputEvents.clear();
            playerEvents(t, BLOCK, b.inputEvents);
            if (fastPath) {
                for (int e = 0; e < b.inputEvents.size(); e++) {
                    jam.earlyInput(b.inputEvents.midi(e), t + b.inputEvents.blockOffset(e),
                            b.inputEvents.inputSequence(e), System.nanoTime());
                }
            }
            chain.process();
            for (int e = 0; e < b.inputEvents.size(); e++) {
                if (b.inputEvents.kind(e) == EventBuffer.MIDI) {
                    received.add(new long[] {t + b.inputEvents.blockOffset(e), b.inputEvents.midi(e)});
                }
            }
            for (int i = 0; i < BLOCK; i++) {
                peak[0] = Math.max(peak[0], Math.abs(b.audio.channel(0)[i]));
            }
        }
        assertNull(jam.workerFailure(), "worker failed");
        chain.destroy();
        return received;
    }

    @Test
    void accompanyOfflineKeepsThePlayersVoiceAndIsDeterministic() {
        List<List<long[]>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            JamPlugin jam = tinyJam().setSeed(42).setOffline(true);
            jam.setParamValue(JamParams.MODE, JamMode.ACCOMPANY.paramValue());
            jam.setParamValue(JamParams.OWN_P1, 1);
            jam.setParamValue(JamParams.MAX_NOTE_MS, 500);
            float[] peak = {0};
            List<long[]> got = renderOffline(jam, 8, peak);
            assertTrue(peak[0] > 0.01f, "silent output: peak " + peak[0]);
            int player = 0;
            int model = 0;
            int[] sounding = {-1, -1, -1, -1};
            long[] since = new long[4];
            for (long[] e : got) {
                int msg = (int) e[1];
                int ch = msg & 0x0F;
                boolean on = (msg & 0xF0) == Midi.NOTE_ON && ((msg >>> 16) & 0x7F) > 0;
                if (ch == 0) {
                    player++; // only the player's own notes reach the instrument on channel 1
                    continue;
                }
                model++;
                assertTrue(ch < 4, "model event on channel " + (ch + 1));
                int note = (msg >>> 8) & 0x7F;
                if (on) {
                    assertEquals(-1, sounding[ch], "channel " + (ch + 1) + " not monophonic at " + e[0]);
                    sounding[ch] = note;
                    since[ch] = e[0];
                } else {
                    assertEquals(sounding[ch], note, "note-off of a note not sounding at " + e[0]);
                    assertTrue(e[0] - since[ch] <= 0.5 * RATE + 0.06 * RATE, "note held " + (e[0] - since[ch]));
                    sounding[ch] = -1;
                }
            }
            assertEquals(18 + 19, player, "player events passed through (18 notes from 0.8 s, 19 note-offs)");
            assertTrue(model > 20, "model played only " + model + " events");
            runs.add(got);
        }
        assertEquals(runs.get(0).size(), runs.get(1).size(), "two offline renders differ in length");
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertEquals(runs.get(0).get(i)[0], runs.get(1).get(i)[0], "event " + i + " time");
            assertEquals(runs.get(0).get(i)[1], runs.get(1).get(i)[1], "event " + i);
        }
    }

    @Test
    void aNoteOnTheFastPathAndThroughTheAudioThreadIsHandledOnce() {
        List<List<long[]>> runs = new ArrayList<>();
        long[] rollbacks = new long[2];
        for (int run = 0; run < 2; run++) {
            JamStats stats = new JamStats(1000);
            JamPlugin jam = tinyJam().setSeed(42).setOffline(true).setStats(stats);
            jam.setParamValue(JamParams.MODE, JamMode.ACCOMPANY.paramValue());
            jam.setParamValue(JamParams.OWN_P1, 1);
            float[] peak = {0};
            runs.add(renderOffline(jam, 6, peak, run == 1));
            rollbacks[run] = stats.rollbacks.get();
            // 27 player events; on the fast path nearly all arrive first (the worker may poll the audio copy first
            // when it raced the test's publish), without it none
            long fast = stats.fastPathNotes.get();
            assertTrue(run == 1 ? fast >= 1 && fast <= 13 + 14 : fast == 0, "notes taken from the fast path: " + fast);
        }
        assertEquals(rollbacks[0], rollbacks[1], "rollbacks with and without the fast path (each note once)");
        assertEquals(runs.get(0).size(), runs.get(1).size(), "the fast path changed the music's length");
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertEquals(runs.get(0).get(i)[0], runs.get(1).get(i)[0], "event " + i + " time");
            assertEquals(runs.get(0).get(i)[1], runs.get(1).get(i)[1], "event " + i);
        }
    }

    private volatile int phase;
    private volatile int audioPhase;

    @Test
    void processAllocatesNothingAfterWarmUp() throws Exception {
        assumeTrue(ThreadAllocation.supported(), "per-thread allocation counting unsupported");
        JamPlugin jam = tinyJam().setSeed(3);
        jam.setParamValue(JamParams.MODE, JamMode.CALL_RESPONSE.paramValue());
        jam.setParamValue(JamParams.LOOKAHEAD, 0.3);
        ProcessBlock b = new ProcessBlock(2, BLOCK, 512);
        b.sampleRate = RATE;
        jam.activate(RATE, 1, BLOCK);
        long[] bytes = new long[3];
        Thread audio = new Thread(() -> {
            long t = 0;
            for (int w = 0; w < 3; w++) {
                int blocks = w == 0 ? 4000 : 3000; // window 0 is the warm-up
                for (int i = 0; i < blocks; i++) {
                    b.frameCount = BLOCK;
                    b.sampleTime = t;
                    b.inputEvents.clear();
                    b.outputEvents.clear();
                    if (i % 40 == 0) {
                        b.inputEvents.addMidi(3, Midi.NOTE_ON, 60 + i % 12, 100);
                    } else if (i % 40 == 20) {
                        b.inputEvents.addMidi(9, Midi.NOTE_ON, 60 + (i - 20) % 12, 0);
                    }
                    if (i % 100 == 50) {
                        b.inputEvents.addParam(0, JamParams.TEMPERATURE, 0.8 + (i % 300) / 1000.0);
                        b.inputEvents.addParam(1, JamParams.MUTE_P2, (i / 100) % 2);
                    }
                    if (i % 500 == 250) {
                        b.inputEvents.addParam(2, JamParams.NEW_IDEA, (i / 500) % 2);
                    }
                    b.inputEvents.addMidi(5, Midi.CONTROL_CHANGE, 74, i & 0x7F);
                    if (i % 4 == 0) {
                        b.inputEvents.addPackedMidi(6, Midi.TIMING_CLOCK); // the beat lock follows a host clock
                    }
                    if (i % 1000 == 500) {
                        b.inputEvents.addPackedMidi(7, i % 2000 == 500 ? 0xFC : 0xFB); // Stop, Continue
                    }
                    jam.process(b);
                    t += BLOCK;
                    // pace at about 4x real time so the worker keeps up part of the time
                    long until = System.nanoTime() + 1_300_000L;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                audioPhase = w + 1;
                while (phase < w + 1) {
                    Thread.onSpinWait();
                }
            }
        }, "fake-audio");
        audio.start();
        for (int w = 0; w < 3; w++) {
            while (audioPhase < w + 1) {
                Thread.sleep(1);
            }
            bytes[w] = ThreadAllocation.threadBytes(audio.getId());
            phase = w + 1;
        }
        audio.join();
        long emitted = jam.stats().emittedEvents.get();
        long rollbacks = jam.stats().rollbacks.get();
        Throwable failure = jam.workerFailure();
        jam.deactivate();
        assertNull(failure, "worker failed");
        assertTrue(emitted > 100, "the model emitted only " + emitted + " events");
        assertTrue(rollbacks > 50, "only " + rollbacks + " rollbacks");
        assertEquals(0, bytes[2] - bytes[1], "process() allocated after warm-up");
    }
}
