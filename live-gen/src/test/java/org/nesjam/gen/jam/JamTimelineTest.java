package org.nesjam.gen.jam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nesjam.gen.model.Generator;
import org.nesjam.gen.model.ModelRunner;
import org.nesjam.gen.model.NesModel;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.plugin.Midi;

/**
 * The jam timeline on the tiny test model (context 16, so the ring cache rolls over many times in these runs):
 * voice ranges, monophony, maximum note length, player-owned voices, and rollback = generating from scratch.
 */
class JamTimelineTest {
    static final String TINY = "/org/nesjam/gen/model/tiny.json";
    static final double RATE = 48_000;
    private static NesModel model;

    @BeforeAll
    static void load() throws Exception {
        model = NesModel.loadResource(TINY);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static JamTimeline timeline(long seed, EventLog log) throws Exception {
        ModelRunner runner = model.newRunner();
        return new JamTimeline(new Generator(runner, new Sampler(runner.vocabSize(), seed)), RATE, seed, log);
    }

    /** Checks ranges, monophony and note lengths of what plays; returns the number of note-ons. */
    static int checkVoices(List<EventLog.Ev> events, double maxNoteSamples, double toleranceSamples) {
        int[] sounding = {-1, -1, -1, -1};
        long[] since = new long[4];
        int notes = 0;
        for (EventLog.Ev e : events) {
            int ch = e.channel();
            assertTrue(ch < 4, "model event on channel " + (ch + 1));
            Voice v = Voice.of(ch);
            if (e.noteOn()) {
                assertTrue(v.inRange(e.note()), v + " note " + e.note() + " outside " + v.minPitch + ".." + v.maxPitch);
                assertEquals(-1, sounding[ch], v + " not monophonic at sample " + e.sampleTime());
                sounding[ch] = e.note();
                since[ch] = e.sampleTime();
                notes++;
            } else {
                assertEquals(sounding[ch], e.note(), v + " note-off of a note not sounding at " + e.sampleTime());
                long len = e.sampleTime() - since[ch];
                assertTrue(len <= maxNoteSamples + toleranceSamples,
                        v + " note held " + len + " samples > max " + maxNoteSamples);
                sounding[ch] = -1;
            }
        }
        return notes;
    }

    @Test
    void endlessNotesStayInRangeMonophonicAndShorterThanTheMaximum() throws Exception {
        EventLog log = new EventLog();
        JamTimeline t = timeline(7, log);
        double maxNote = 0.3 * RATE;
        t.maxNoteSamples(maxNote);
        t.start(new int[] {Tx1Vocab.SEP}, 1000);
        t.generateUntil(1000 + 60 * RATE);
        int notes = checkVoices(log.sorted(), maxNote, 0.003 * RATE);
        assertTrue(notes > 50, "only " + notes + " notes in 60 s");
        assertTrue(t.forcedNoteOffs() > 0, "the maximum note length was never enforced (test too weak)");
        assertTrue(t.length() > 2 * (16 + ModelRunner.DEFAULT_ROLLBACK_SLOTS), "the ring cache never rolled over");
        assertFalse(containsSeparator(t.generator().tokens(), 1), "<S> sampled in endless mode");
    }

    private static boolean containsSeparator(int[] tokens, int from) {
        for (int i = from; i < tokens.length; i++) {
            if (tokens[i] == Tx1Vocab.SEP) {
                return true;
            }
        }
        return false;
    }

    @Test
    void accompanyNeverEmitsEventsForPlayerOwnedVoices() throws Exception {
        EventLog log = new EventLog();
        JamTimeline t = timeline(11, log);
        t.mode(JamMode.ACCOMPANY).ownedVoices(0b0101); // P1 and TR
        t.start(new int[] {Tx1Vocab.SEP}, 0);
        double now = 0;
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int written = 0;
        for (int i = 0; i < 120; i++) {
            t.generateUntil(now + 1.5 * RATE);
            int note = 48 + r.nextInt(24);
            int ch = r.nextInt(3); // channels 1-3: P1, P2 (not owned: goes to P1), TR
            if (!Double.isNaN(t.insertPlayerEvent(Midi.pack(Midi.NOTE_ON | ch, note, 100), now, now))) {
                written++;
            }
            now += r.nextInt(2000, 12000);
            t.generateUntil(now + 1.5 * RATE);
            t.insertPlayerEvent(Midi.pack(Midi.NOTE_OFF | ch, note, 0), now, now);
            now += r.nextInt(500, 8000);
        }
        assertEquals(120, written);
        assertTrue(log.epochs >= 120, "no rollbacks happened");
        int notes = 0;
        for (EventLog.Ev e : log.sorted()) {
            assertTrue(e.channel() == 1 || e.channel() == 3, "event on player-owned channel " + (e.channel() + 1));
            notes += e.noteOn() ? 1 : 0;
        }
        assertTrue(notes > 20, "the model hardly played: " + notes + " notes");
        checkVoices(log.sorted(), t.maxNoteSamples(), 0.003 * RATE);
        // the player's notes are in the timeline as P1/TR tokens
        int[] tokens = t.generator().tokens();
        int playerTokens = 0;
        for (int tok : tokens) {
            Voice v = Tx1Vocab.voiceOf(tok);
            if (v == Voice.P1 || v == Voice.TR) {
                playerTokens++;
            }
        }
        assertTrue(playerTokens >= 120, "player notes missing from the timeline: " + playerTokens);
    }

    @Test
    void rollbackGivesTheSameTimelineAsGeneratingWithTheEventKnownFromTheStart() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            double tp = 2.0 * RATE + 123 * seed;
            int noteOn = Midi.pack(Midi.NOTE_ON, 64 + (int) seed, 100);
            // A: speculate 5 s ahead, then the player's note arrives at tp: rollback (KV truncation) + regenerate
            EventLog logA = new EventLog();
            JamTimeline a = timeline(seed, logA);
            a.mode(JamMode.ACCOMPANY).ownedVoices(1).maxNoteSamples(0.5 * RATE);
            a.start(new int[] {Tx1Vocab.SEP}, 0);
            a.generateUntil(tp + 1.5 * RATE); // the default lookahead
            int speculative = a.length();
            double at = a.insertPlayerEvent(noteOn, tp, tp);
            assertEquals(tp, at);
            assertTrue(a.length() < speculative, "nothing was rolled back");
            // within the ring's rollback slots the truncation is exact (deeper ones re-prefill: approximate)
            assertTrue(speculative - a.length() + 3 < ModelRunner.DEFAULT_ROLLBACK_SLOTS,
                    "rollback of " + (speculative - a.length()) + " tokens is deeper than the ring");
            a.generateUntil(8 * RATE);
            // B: the same event known in advance: forward generation only, never a rollback
            EventLog logB = new EventLog();
            JamTimeline b = timeline(seed, logB);
            b.mode(JamMode.ACCOMPANY).ownedVoices(1).maxNoteSamples(0.5 * RATE);
            b.start(new int[] {Tx1Vocab.SEP}, 0);
            b.forceAhead(noteOn, tp);
            b.generateUntil(8 * RATE);
            int[] ta = a.generator().tokens();
            int[] tb = b.generator().tokens();
            int n = Math.min(ta.length, tb.length);
            assertTrue(n > 100, "too short: " + n);
            assertArrayEquals(java.util.Arrays.copyOf(tb, n), java.util.Arrays.copyOf(ta, n),
                    "seed " + seed + ": rolled-back timeline differs from the one generated from scratch");
            assertTrue(contains(ta, Tx1Vocab.noteOn(Voice.P1, 64 + (int) seed)), "player note missing");
            // and what plays (after epoch drops) is identical up to 7 s
            List<EventLog.Ev> pa = logA.sorted().stream().filter(e -> e.sampleTime() < 7 * RATE).toList();
            List<EventLog.Ev> pb = logB.sorted().stream().filter(e -> e.sampleTime() < 7 * RATE).toList();
            assertEquals(pb.size(), pa.size(), "seed " + seed + ": event counts differ");
            for (int i = 0; i < pa.size(); i++) {
                assertEquals(pb.get(i).sampleTime(), pa.get(i).sampleTime(), "event " + i + " time");
                assertEquals(pb.get(i).packed(), pa.get(i).packed(), "event " + i + " message");
            }
        }
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    @Test
    void scaleLockKeepsPitchedVoicesInTheScale() throws Exception {
        EventLog log = new EventLog();
        JamTimeline t = timeline(5, log);
        t.scale(2, JamParams.scaleIndex("pentatonic")); // D major pentatonic: D E F# A B
        t.start(new int[] {Tx1Vocab.SEP}, 0);
        t.generateUntil(30 * RATE);
        int pitched = 0;
        for (EventLog.Ev e : log.sorted()) {
            if (e.noteOn() && e.channel() < 3) {
                int pc = Math.floorMod(e.note() - 2, 12);
                assertTrue(pc == 0 || pc == 2 || pc == 4 || pc == 7 || pc == 9, "note " + e.note() + " outside D pentatonic");
                pitched++;
            }
        }
        assertTrue(pitched > 10, "too few pitched notes: " + pitched);
    }

    @Test
    void callResponseLeavesTheOwnedVoiceToThePlayerUntilTheRestThenTakesIt() throws Exception {
        EventLog log = new EventLog();
        JamTimeline t = timeline(21, log);
        t.mode(JamMode.CALL_RESPONSE).ownedVoices(1).restSamples(1.0 * RATE);
        t.start(new int[] {Tx1Vocab.SEP}, 0);
        // the player: notes at 1.0-1.4 s and 1.6-2.0 s on P1, each arriving while 1.5 s are already generated
        double[][] notes = {{1.0, 1.4}, {1.6, 2.0}};
        for (double[] n : notes) {
            t.generateUntil(n[0] * RATE + 1.5 * RATE);
            t.insertPlayerEvent(Midi.pack(Midi.NOTE_ON, 62, 100), n[0] * RATE, n[0] * RATE);
            t.generateUntil(n[1] * RATE + 1.5 * RATE);
            t.insertPlayerEvent(Midi.pack(Midi.NOTE_OFF, 62, 0), n[1] * RATE, n[1] * RATE);
        }
        t.generateUntil(20 * RATE);
        int during = 0;
        int after = 0;
        for (EventLog.Ev e : log.sorted()) {
            if (e.channel() != 0 || !e.noteOn()) {
                continue;
            }
            double s = e.sampleTime() / RATE;
            if (s >= 1.0 && s < 3.0) {
                during++; // the player played or rested less than 1 s: P1 is the player's
            } else if (s >= 3.0) {
                after++;
            }
        }
        assertEquals(0, during, "the model played P1 while the player had it");
        assertTrue(after > 0, "the model never took P1 over after the player's rest");
        checkVoices(log.sorted(), t.maxNoteSamples(), 0.003 * RATE);
    }

    @Test
    void followingTheHostTempoScalesTheTimelineByThePlaybackRate() throws Exception {
        EventLog slow = new EventLog();
        EventLog fast = new EventLog();
        JamTimeline a = timeline(9, slow).maxNoteSamples(600 * RATE);
        JamTimeline b = timeline(9, fast).maxNoteSamples(600 * RATE).rate(240.0 / 120.0); // host 240 bpm, reference 120
        a.start(new int[] {Tx1Vocab.SEP}, 0);
        b.start(new int[] {Tx1Vocab.SEP}, 0);
        a.generateUntil(10 * RATE);
        b.generateUntil(5 * RATE);
        List<EventLog.Ev> ea = slow.sorted();
        List<EventLog.Ev> eb = fast.sorted();
        int n = Math.min(ea.size(), eb.size()) - 2;
        assertTrue(n > 20, "too few events: " + n);
        for (int i = 0; i < n; i++) {
            assertEquals(ea.get(i).packed(), eb.get(i).packed(), "event " + i);
            assertEquals(ea.get(i).sampleTime() / 2.0, eb.get(i).sampleTime(), 1.0, "event " + i + " at twice the speed");
        }
        assertEquals(2.0, b.rate(), 1e-12);
        assertEquals(JamParams.MAX_RATE, timeline(9, fast).rate(5.0).rate(), 1e-12, "rate clamped");
    }

    /**
     * Voices stay alive and no note drones, even when the in-song cache is at its strongest (structure 1), where it
     * used to lock the music into a short loop of one voice: 60 s from the tiny model at 44.1 kHz, as generate does.
     */
    @Test
    void voicesStayAliveAndNoNoteDrones() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            ModelRunner runner = model.newRunner();
            Generator gen = new Generator(runner, new Sampler(runner.vocabSize(), seed)).cache(
                    new org.nesjam.gen.model.SongCache(Tx1Vocab.SIZE).structure(1));
            JamTimeline t = new JamTimeline(gen, Tx1Vocab.SAMPLE_RATE, seed, (time, packed, epoch) -> { });
            t.start(new int[] {Tx1Vocab.SEP}, 0);
            t.generateUntil(61 * Tx1Vocab.SAMPLE_RATE);
            org.nesjam.gen.stats.MusicStats.Piece piece = org.nesjam.gen.stats.MusicStats.analyse(
                    org.nesjam.gen.tokens.Tx1Codec.decode(gen.tokens(), "seed" + seed), 60);
            assertFalse(piece.hasDrone(), "seed " + seed + ": a note longer than 8 s");
            assertFalse(piece.hasDeadAir(), "seed " + seed + ": a voice silent for 20 s: " + piece);
            runner.close();
        }
    }

    /**
     * The bound on the shipped model as `generate` plays it (seeds 1-10, 60 s, structure 0.5, top-p 0.98): no
     * voice silent for 20 s. Seed 2 once left pulse 1 silent for 26 s: the model kept writing note-offs of the silent
     * voice, and each restarted the silence that the revival bias grows with.
     */
    @Test
    void theShippedModelKeepsEveryVoiceAliveAsGenerateDoes() throws Exception {
        try (NesModel shipped = NesModel.loadDefault()) {
            for (long seed = 1; seed <= 10; seed++) {
                try (ModelRunner runner = shipped.newRunner()) {
                    Generator gen = generateLike(runner, seed);
                    JamTimeline t = new JamTimeline(gen, Tx1Vocab.SAMPLE_RATE, seed, (time, packed, epoch) -> { });
                    t.start(new int[] {Tx1Vocab.SEP}, 0);
                    t.generateUntil(61 * Tx1Vocab.SAMPLE_RATE);
                    org.nesjam.gen.stats.MusicStats.Piece piece = org.nesjam.gen.stats.MusicStats.analyse(
                            org.nesjam.gen.tokens.Tx1Codec.decode(gen.tokens(), "seed" + seed), 60);
                    StringBuilder silences = new StringBuilder();
                    for (org.nesjam.gen.stats.MusicStats.VoiceFigures v : piece.voices()) {
                        silences.append(String.format(java.util.Locale.ROOT, " %s %.1f s", v.voice(),
                                v.longestSilenceSamples() / (double) Tx1Vocab.SAMPLE_RATE));
                    }
                    assertFalse(piece.hasDeadAir(), "seed " + seed + ": a voice silent for 20 s; longest silences"
                            + silences);
                    assertFalse(piece.hasDrone(), "seed " + seed + ": a note longer than 8 s");
                    assertTx1Grammar(gen.tokens(), 1, "seed " + seed);
                }
            }
        }
    }

    /** A generator sampling as `generate` does by default: top-p 0.98, the in-song cache at structure 0.5. */
    private static Generator generateLike(ModelRunner runner, long seed) {
        return new Generator(runner, new Sampler(runner.vocabSize(), seed).topP(0.98)).cache(
                new org.nesjam.gen.model.SongCache(Tx1Vocab.SIZE).structure(0.5));
    }

    /**
     * What NES-MDB never has (valid: none in 641,557 tokens) the model never writes: a note-off of a silent voice,
     * a wait right after a wait shorter than the longest. Tokens from {@code from} on are checked.
     */
    static void assertTx1Grammar(int[] tokens, int from, String what) {
        boolean[] sounding = new boolean[4];
        for (int i = 0; i < tokens.length; i++) {
            int tok = tokens[i];
            Voice v = Tx1Vocab.voiceOf(tok);
            if (i >= from && i > 0 && Tx1Vocab.isWait(tok) && Tx1Vocab.isWait(tokens[i - 1])) {
                assertEquals(Tx1Vocab.MAX_WAIT_SAMPLES, Tx1Vocab.waitSamples(tokens[i - 1]),
                        what + ": a wait after a short wait at token " + i);
            }
            if (v != null) {
                if (i >= from && Tx1Vocab.isNoteOff(tok)) {
                    assertTrue(sounding[v.ordinal()], what + ": note-off of silent " + v + " at token " + i);
                }
                sounding[v.ordinal()] = Tx1Vocab.isNoteOn(tok);
            }
        }
    }

    /**
     * With a player (accompany mode, bench jam's kind of player: random notes held 100-300 ms, rests 100-400 ms) the
     * shipped model's voices stay near NES voices' pace ({@link JamTimeline#BUSY_NOTES_PER_SECOND} over 2-s windows,
     * a soft bias; measured 9.3, 6.8 and 3.8 notes a second on P2, TR and NO): before the rule they played 13.8, 14.8
     * and 16.5. Also the grammar, with rollbacks.
     */
    @Test
    void withAPlayerTheShippedModelLeavesRoom() throws Exception {
        try (NesModel shipped = NesModel.loadDefault(); ModelRunner runner = shipped.newRunner()) {
            long seed = 1;
            Generator gen = generateLike(runner, seed);
            EventLog log = new EventLog();
            JamTimeline t = new JamTimeline(gen, RATE, seed, log).mode(JamMode.ACCOMPANY).ownedVoices(0b0001);
            t.start(new int[] {Tx1Vocab.SEP}, 0);
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            double now = RATE;
            double seconds = 60;
            while (now < seconds * RATE) {
                int note = 55 + r.nextInt(24);
                t.generateUntil(now + 1.5 * RATE);
                t.insertPlayerEvent(Midi.pack(Midi.NOTE_ON, note, 100), now, now);
                now += r.nextInt(100, 301) * RATE / 1000;
                t.generateUntil(now + 1.5 * RATE);
                t.insertPlayerEvent(Midi.pack(Midi.NOTE_OFF, note, 0), now, now);
                now += r.nextInt(100, 401) * RATE / 1000;
            }
            int[] notes = new int[4];
            for (EventLog.Ev e : log.sorted()) {
                if (e.noteOn() && e.sampleTime() < now) {
                    notes[e.channel()]++;
                }
            }
            assertEquals(0, notes[0], "the model played the player's pulse 1");
            for (int v = 1; v < 4; v++) {
                double rate = notes[v] / (now / RATE - 1);
                assertTrue(rate > 0.5 && rate <= JamTimeline.BUSY_NOTES_PER_SECOND * 1.2,
                        Voice.of(v) + " played " + rate + " notes a second");
            }
            assertTx1Grammar(gen.tokens(), 1, "accompany");
        }
    }
}
