package org.nesjam.gen.jam;

import org.nesjam.gen.model.Generator;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.Sampler;
import org.nesjam.gen.model.TokenMask;
import org.nesjam.gen.tokens.NesMidi;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.plugin.Midi;

/**
 * The jam's token timeline: a {@link Generator} whose every token has an absolute time in engine samples, the four
 * voices' state after each token, and the MIDI events each token produced. [generator-thread]: confined to one
 * thread (the {@link JamWorker}'s, or a test's).
 *
 * <h2>Time</h2>
 * Token {@code i} ends at {@code end(i)} engine samples (a double, so long runs do not drift); a note token takes no
 * time, a wait {@code WT_n} takes {@code n / 44100 * engineRate / rate} samples, where {@code rate} is the playback
 * rate of the tempo follower (1 = the model's own timing). A note token's MIDI event is scheduled at its time,
 * rounded to the nearest sample, on channel {@code voice.ordinal()} (P1, P2, TR, NO = MIDI channels 1-4) with the
 * NES-MDB default velocity of the voice.
 *
 * <h2>Forced events and rollback</h2>
 * {@link #insertPlayerEvent} writes a player's note at its real time: the speculative tokens after that time are
 * rolled back ({@link Generator#rollback}, a KV-cache truncation), a wait up to the note's time and the note's
 * token are fed, the epoch is bumped ({@link EventOut#epoch}) so the audio side drops the stale events, and the
 * sampler is reseeded from {@code (seed, timeline length)}. {@link #forceAhead} does the same for an event known in
 * advance without any rollback (the sampled wait that would cross its time is shortened); both paths give the same
 * timeline, which the tests check. Tokens whose events were already heard (time before {@code heard}) are never
 * rolled back.
 *
 * <h2>Invariants kept here</h2>
 * Each voice is monophonic (a note-on on a sounding voice first schedules the old note's note-off); the model never
 * samples a token of a voice the player owns (TokenMask.disableVoice); no model note lasts longer than
 * {@code maxNote} (a wait that would cross the deadline is shortened, then the note-off is forced); the separator
 * {@code <S>} is never sampled (endless music); with a scale lock, note-ons of P1, P2 and TR outside the scale are
 * masked; with harmony following ({@link Harmony}) their pitches are biased towards the player's chord, by whether
 * the token's time is on a beat of the {@link #grid}.
 */
public final class JamTimeline {
    /** Receives the timeline's scheduled events. [generator-thread] */
    @FunctionalInterface
    public interface EventOut {
        /** From now on the current epoch is {@code epoch}; drop events of older epochs at or after {@code fromSampleTime}. */
        default void epoch(int epoch, long fromSampleTime) {
        }

        /** A MIDI event at {@code sampleTime} of {@code epoch}. */
        void event(long sampleTime, int packedMidi, int epoch);

        /** The host's beat grid now: beat k at {@code originSampleTime + k * samplesPerBeat} (recordings). */
        default void grid(double originSampleTime, double samplesPerBeat) {
        }
    }

    /** Token metadata kept for the most recent tokens; rollbacks reach at most this far back. */
    static final int META = 1 << 15;
    private static final int META_MASK = META - 1;
    private static final int[] VELOCITY = {NesMidi.P1_VELOCITY, NesMidi.P2_VELOCITY, NesMidi.TR_VELOCITY,
            NesMidi.NO_VELOCITY};

    private final Generator gen;
    private final Sampler sampler;
    private final double engineRate;
    private final EventOut out;
    private final long seed;

    // per-token metadata, ring-indexed by token index & META_MASK
    private final double[] end = new double[META];
    private final int[] pitch = new int[META * 4];
    private final boolean[] byPlayer = new boolean[META * 4];
    /** Engine time at which each voice's current state (its sounding note, or its silence) began. */
    private final double[] stateStart = new double[META * 4];
    /** Model note-ons of each voice from the timeline's start through each token (rates over a window). */
    private final int[] onsets = new int[META * 4];
    /**
     * Logit bias of each token (rebuilt before each sampled token): note-ons up for a voice silent too long
     * ({@link #reviveBias}); note-ons and short waits down while a voice plays faster than NES voices do
     * ({@link #busyBias}).
     */
    private final float[] tokenBias = new float[Tx1Vocab.SIZE];
    /** The bias {@link #busyBias} last gave the waits shorter than {@link #BUSY_SHORT_WAIT_SAMPLES} (tokenBias). */
    private float shortWaitBias;
    private final int[] evA = new int[META];
    private final int[] evB = new int[META];

    private final TokenMask freeMask = new TokenMask();
    private final TokenMask ownedMask = new TokenMask();
    /** The mask of one sampled token: the current mask less what TX1's grammar rules out ({@link #grammarMask}). */
    private final TokenMask stepMask = new TokenMask();
    /** A forced revival's mask: the current mask limited to one voice's note-ons ({@link #REVIVE_FORCE_SECONDS}). */
    private final TokenMask reviveMask = new TokenMask();
    /** The model voice silent longest beyond {@link #REVIVE_FORCE_SECONDS}, or null; set by {@link #reviveBias}. */
    private Voice reviveNow;

    private double startTime;
    private Harmony harmony;
    /** The beat grid: beat k is at {@code gridOriginSampleTime + k * gridSamplesPerBeat} (engine samples). */
    private double gridOriginSampleTime;
    private double gridSamplesPerBeat;
    private int promptLength;
    private int epoch;
    // settings (generator-thread copies)
    private JamMode mode = JamMode.ENDLESS;
    private int ownedBits = 1;
    private int scaleRoot;
    private int scale;
    private double rate = 1.0;
    private double maxNoteSamples;
    private double restSamples;
    /** Player activity for call-response: last player event time and whether a player note is held. */
    private double lastPlayerTime = Double.NEGATIVE_INFINITY;
    private int playerHeldBits;
    // an event known in advance (forceAhead): packed MIDI and time, or 0
    private int aheadPacked;
    private double aheadTime;
    private long modelTokens;
    private long forcedNoteOffs;
    private long deepRollbacks;

    /**
     * @param gen        the generator (its sampler is used and reseeded)
     * @param engineRate engine sample rate in Hz
     * @param seed       base seed; the sampler is reseeded from it and the timeline length at every forced event
     * @param out        where scheduled events and epoch changes go
     */
    public JamTimeline(Generator gen, double engineRate, long seed, EventOut out) {
        this.gen = gen;
        this.sampler = gen.sampler();
        this.engineRate = engineRate;
        this.seed = seed;
        this.out = out;
        this.maxNoteSamples = JamParams.defaultMaxNoteSeconds() * engineRate;
        this.restSamples = 2.0 * engineRate;
        rebuildMasks();
    }

    // ------------------------------------------------------------------ settings

    public JamTimeline mode(JamMode m) {
        mode = m;
        return this;
    }

    public JamMode mode() {
        return mode;
    }

    /** Voices the player owns (bit 0 = P1 ... bit 3 = NO). Used in accompany and call-response. */
    public JamTimeline ownedVoices(int bits) {
        ownedBits = bits & 15;
        rebuildMasks();
        return this;
    }

    public int ownedVoices() {
        return ownedBits;
    }

    /** Scale lock: {@code scaleIndex} in {@link JamParams#SCALE_NAMES} (0 = off), {@code root} pitch class 0-11. */
    public JamTimeline scale(int root, int scaleIndex) {
        scaleRoot = Math.floorMod(root, 12);
        scale = scaleIndex < 0 || scaleIndex >= JamParams.SCALES.length ? 0 : scaleIndex;
        rebuildMasks();
        return this;
    }

    /** Harmony following (null = none): its biases steer the note-ons of P1, P2 and TR while it is active. */
    JamTimeline harmony(Harmony h) {
        harmony = h;
        return this;
    }

    /**
     * The host's beat grid: beat {@code k} is at engine time {@code originSampleTime + k * samplesPerBeat};
     * {@code samplesPerBeat <= 0}: none. Used for strong positions (harmony) of tokens generated from now on;
     * {@code snapsAhead}: the plugin moves each note-on to the next 16th or triplet (beat lock), so a note lands on
     * a beat when that next point is one, else when its nearest 16th is one.
     */
    public JamTimeline grid(double originSampleTime, double samplesPerBeat, boolean snapsAhead) {
        gridOriginSampleTime = originSampleTime;
        gridSamplesPerBeat = samplesPerBeat;
        gridSnapsAhead = snapsAhead;
        return this;
    }

    private boolean gridSnapsAhead;

    double gridOriginSampleTime() {
        return gridOriginSampleTime;
    }

    double gridSamplesPerBeat() {
        return gridSamplesPerBeat;
    }

    /** Playback rate (1 = the model's timing; 2 = twice as fast). Applies to tokens generated from now on. */
    public JamTimeline rate(double r) {
        rate = Math.max(JamParams.MIN_RATE, Math.min(JamParams.MAX_RATE, r));
        return this;
    }

    public double rate() {
        return rate;
    }

    /** Longest model note in engine samples. */
    public JamTimeline maxNoteSamples(double samples) {
        maxNoteSamples = Math.max(1, samples);
        return this;
    }

    public double maxNoteSamples() {
        return maxNoteSamples;
    }

    /** Call-response: the player's rest after which the model takes every voice, in engine samples. */
    public JamTimeline restSamples(double samples) {
        restSamples = Math.max(1, samples);
        return this;
    }

    private void rebuildMasks() {
        for (TokenMask m : new TokenMask[] {freeMask, ownedMask}) {
            m.allowAll().noSeparator();
            if (scale > 0) {
                int[] pcs = JamParams.SCALES[scale];
                for (Voice v : new Voice[] {Voice.P1, Voice.P2, Voice.TR}) {
                    for (int p = v.minPitch; p <= v.maxPitch; p++) {
                        m.allow(Tx1Vocab.noteOn(v, p), inScale(p, pcs));
                    }
                }
            }
        }
        for (Voice v : Voice.values()) {
            if ((ownedBits & (1 << v.ordinal())) != 0) {
                ownedMask.disableVoice(v);
            }
        }
    }

    private boolean inScale(int p, int[] pcs) {
        int pc = Math.floorMod(p - scaleRoot, 12);
        for (int s : pcs) {
            if (s == pc) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ queries

    public Generator generator() {
        return gen;
    }

    public int length() {
        return gen.length();
    }

    /** Engine sample time after the last token (how far the timeline reaches). */
    public double horizon() {
        return timeAt(gen.length());
    }

    /** Time after the first {@code n} tokens. */
    double timeAt(int n) {
        return n <= promptLength ? startTime : end[(n - 1) & META_MASK];
    }

    public int epoch() {
        return epoch;
    }

    /** Tokens sampled by the model (forced ones excluded). */
    public long modelTokens() {
        return modelTokens;
    }

    /** Rollbacks deeper than the runner's ring (a window re-prefilled instead of one step). */
    public long deepRollbacks() {
        return deepRollbacks;
    }

    /** Note-offs forced by the maximum note length. */
    public long forcedNoteOffs() {
        return forcedNoteOffs;
    }

    /**
     * Tokens a rollback to {@code heardSampleTime} would drop (the speculative tokens ahead of the playhead).
     * O(that many).
     */
    public int tokensAhead(double heardSampleTime) {
        return gen.length() - cutPoint(heardSampleTime, heardSampleTime);
    }

    /** Pitch sounding on {@code v} after the first {@code n} tokens, or -1. */
    int pitchAfter(int n, Voice v) {
        return n <= promptLength ? -1 : pitch[((n - 1) & META_MASK) * 4 + v.ordinal()];
    }

    // ------------------------------------------------------------------ generation

    /**
     * Clears the timeline and starts it at {@code startSampleTime} with {@code prompt} as context (at least
     * {@code <S>}; its notes are not played: voices it leaves sounding get a forced note-off at the start).
     */
    public void start(int[] prompt, double startSampleTime) throws ModelException {
        startTime = startSampleTime;
        gen.start(prompt);
        promptLength = prompt.length;
        epoch = 0;
        aheadPacked = 0;
        int[] sounding = {-1, -1, -1, -1};
        for (int t : prompt) {
            Voice v = Tx1Vocab.voiceOf(t);
            if (v != null) {
                sounding[v.ordinal()] = Tx1Vocab.isNoteOff(t) ? -1 : Tx1Vocab.pitchOf(t);
            }
        }
        for (Voice v : Voice.values()) {
            if (sounding[v.ordinal()] >= 0) {
                feedAt(Tx1Vocab.noteOff(v), startSampleTime, false);
            }
        }
        reseed();
    }

    /** Generates tokens until the horizon reaches {@code untilSampleTime}. */
    public void generateUntil(double untilSampleTime) throws ModelException {
        while (horizon() < untilSampleTime) {
            generateOne();
        }
    }

    /** Samples (or forces) one token at the horizon and schedules its events. */
    public void generateOne() throws ModelException {
        double now = horizon();
        // a model note at its maximum length: force its note-off
        for (Voice v : Voice.values()) {
            int slot = slot(gen.length(), v);
            if (slot >= 0 && pitch[slot] >= 0 && !byPlayer[slot]
                    && now >= stateStart[slot] + maxNoteSamples - engineRate / Tx1Vocab.SAMPLE_RATE * 1.5) {
                forcedNoteOffs++;
                feedAt(Tx1Vocab.noteOff(v), now, false);
                return;
            }
        }
        TokenMask mask = ownsNow(now) ? ownedMask : freeMask;
        boolean revive = reviveBias(now, mask);
        boolean busy = busyBias(now, mask);
        float[] voiceBias = revive || busy ? tokenBias : null;
        mask = grammarMask(mask, busy);
        if (reviveNow != null && Tx1Vocab.isWait(gen.token(gen.length() - 1))) {
            // the bias did not bring it back (the model can be surer than any bias that a voice stays silent):
            // this time step starts with a note of it, the pitch the model's
            mask = reviveMask.copyFrom(mask).onlyNoteOns(reviveNow);
        }
        float[] pitchBias = harmony != null && harmony.active() ? harmony.bias(strongAt(now)) : null;
        int token = gen.sample(mask, voiceBias, pitchBias, pitchBias == null ? null : Harmony.VOICE_OF_NOTE_ON);
        if (token == Tx1Vocab.SEP) {
            token = Tx1Vocab.waitId(1); // the mask forbids <S>; only reached when the mask allowed nothing
        }
        modelTokens++;
        if (Tx1Vocab.isWait(token)) {
            double endTime = now + waitEngineSamples(token);
            double deadline = Double.POSITIVE_INFINITY;
            for (Voice v : Voice.values()) {
                int slot = slot(gen.length(), v);
                if (slot >= 0 && pitch[slot] >= 0 && !byPlayer[slot]) {
                    deadline = Math.min(deadline, stateStart[slot] + maxNoteSamples);
                }
            }
            if (endTime > deadline) {
                token = waitTokenAtMost(deadline - now);
            }
            if (aheadPacked != 0 && now + waitEngineSamples(token) > aheadTime) {
                // the wait crosses the known event: drop it, write the wait up to the event and the event
                int packed = aheadPacked;
                aheadPacked = 0;
                notePlayerActivity(packed, aheadTime);
                if (playerToken(packed, gen.length()) >= 0) {
                    writeForced(packed, aheadTime, gen.length());
                } else {
                    feedAt(token, now, false);
                }
                return;
            }
        }
        feedAt(token, now, false);
    }

    /**
     * {@code mask}, or {@link #stepMask} made from it without what TX1's per-gap grammar never writes: the note-off
     * of a voice that is silent now, and a wait right after a wait shorter than the longest (a gap is one wait
     * unless it is longer than {@link Tx1Vocab#MAX_WAIT_SAMPLES}). NES-MDB valid has neither in its 641,557 tokens,
     * yet the shipped model, left free in {@code bench jam}, spent about one token in seven on silent voices'
     * note-offs and, once those were masked, fell into runs of {@code WT_6 WT_6 ...} that the in-song cache then
     * copied: no-ops that each cost a model step and take the model off the data it learnt. While {@code busy} (see
     * {@link #busyBias}) also a second event of a voice at one instant (none in NES-MDB valid either; left to the
     * model otherwise, as it changed what {@code generate} plays). When the rules would leave nothing to sample,
     * {@code mask} itself.
     */
    private TokenMask grammarMask(TokenMask mask, boolean busy) {
        TokenMask m = mask;
        if (busy) {
            // a voice with an event at this instant has none more here (NES-MDB never has two)
            for (int i = gen.length() - 1; i >= promptLength && !Tx1Vocab.isWait(gen.token(i)); i--) {
                Voice v = Tx1Vocab.voiceOf(gen.token(i));
                if (v != null) {
                    m = writable(m, mask).disableVoice(v);
                }
            }
        }
        for (Voice v : Voice.values()) {
            int slot = slot(gen.length(), v);
            int off = Tx1Vocab.noteOff(v);
            if ((slot < 0 || pitch[slot] < 0) && m.allowed(off)) {
                m = writable(m, mask).allow(off, false);
            }
        }
        int last = gen.length() == 0 ? Tx1Vocab.SEP : gen.token(gen.length() - 1);
        if (Tx1Vocab.isWait(last) && Tx1Vocab.waitSamples(last) < Tx1Vocab.MAX_WAIT_SAMPLES) {
            m = writable(m, mask).allowRange(Tx1Vocab.FIRST_WAIT, Tx1Vocab.FIRST_WAIT + Tx1Vocab.WAIT_COUNT, false);
        }
        return m == mask || m.any() ? m : mask;
    }

    /** {@code m} when it is already {@link #stepMask}, else {@link #stepMask} made a copy of {@code mask}. */
    private TokenMask writable(TokenMask m, TokenMask mask) {
        return m == mask ? stepMask.copyFrom(mask) : m;
    }

    /**
     * Keeps the model's voices alive: a voice the model plays that has been silent for longer than
     * {@link #REVIVE_AFTER_SECONDS} gets a note-on logit bias growing by {@link #REVIVE_BIAS_PER_SECOND} a second, up
     * to {@link #REVIVE_MAX_BIAS}. NES-MDB voices are rarely silent for long (longest silence in the first minute: a
     * median of 0.7-1.8 s per voice); a small model left alone lets voices die for 30 s and more. Fills
     * {@link #tokenBias}; false when no voice needs it.
     */
    private boolean reviveBias(double now, TokenMask mask) {
        boolean any = false;
        reviveNow = null;
        double longest = REVIVE_FORCE_SECONDS;
        for (Voice v : Voice.values()) {
            int slot = slot(gen.length(), v);
            double silentSeconds = slot < 0 || pitch[slot] >= 0 ? 0 : (now - stateStart[slot]) / engineRate;
            boolean modelPlays = mask.allowed(Tx1Vocab.noteOff(v)); // not a voice the player owns
            if (silentSeconds >= longest && modelPlays && mask.allowsNoteOn(v)) {
                longest = silentSeconds;
                reviveNow = v;
            }
            float bias = silentSeconds <= REVIVE_AFTER_SECONDS ? 0f : (float) Math.min(REVIVE_MAX_BIAS,
                    REVIVE_BIAS_PER_SECOND * (silentSeconds - REVIVE_AFTER_SECONDS));
            if (bias > 0 && !modelPlays) {
                bias = 0; // a voice the player owns
            }
            any |= bias > 0;
            for (int p = v.minPitch; p <= v.maxPitch; p++) {
                tokenBias[Tx1Vocab.noteOn(v, p)] = bias;
            }
        }
        return any;
    }

    /**
     * Leaves room for the player (modes with a player only, not {@link JamMode#ENDLESS} nor {@code generate}): a
     * model voice that started more than {@link #BUSY_NOTES_PER_SECOND} notes a second over the last
     * {@link #BUSY_WINDOW_SECONDS} of the timeline (in the model's own time: a tempo follower's playback rate scales
     * both) gets a note-on logit bias of {@link #BUSY_BIAS_PER_NOTE} per note a second above it (down to
     * {@code -BUSY_MAX_BIAS}), added to {@link #tokenBias} after {@link #reviveBias} set it (a busy voice is not a
     * silent one), and the waits shorter than {@link #BUSY_SHORT_WAIT_SAMPLES} get the busiest voice's bias: after a
     * wait the grammar allows only events, so note-ons alone held back did little (in a test jam the bias reached -8
     * while the voices kept 13.8-16.5 notes a second); and while it holds, no voice has two events at one instant
     * ({@link #grammarMask}), so the model cannot trade time for events (it wrote 600 tokens in 250 ms when only
     * waits of 30-4410 samples were held back). Playing with {@code bench jam}'s scripted player the model grew
     * denser the longer the jam ran (a 250-ms reaction took 20 tokens in the first 50 player events and 54 in events
     * 450-500; with the grammar of {@link #grammarMask} alone, its pulse 2 reached 39 notes a second), and each token
     * is a model step on the reaction's path. Alone ({@code generate}) it stays near NES-MDB's rates, and a note-on
     * bias of this kind there cut the repeated patterns by half (20 pieces: 0.32 to 0.16), so it is not applied.
     * False when no voice is busy.
     */
    private boolean busyBias(double now, TokenMask mask) {
        int n = gen.length();
        int last = slot(n, Voice.P1);
        if (mode == JamMode.ENDLESS || last < 0) {
            if (shortWaitBias != 0) {
                biasShortWaits(0f);
            }
            return false;
        }
        double from = now - BUSY_WINDOW_SECONDS * engineRate / rate; // the model's own seconds (see rate)
        int floor = Math.max(promptLength, n - META + 2);
        int j = n - 1; // the last token that ends before the window: its counts are subtracted
        while (j > floor && end[(j - 1) & META_MASK] > from) {
            j--;
        }
        int first = slot(j, Voice.P1);
        boolean any = false;
        float worst = 0;
        for (Voice v : Voice.values()) {
            int started = onsets[last + v.ordinal()] - (first < 0 ? 0 : onsets[first + v.ordinal()]);
            double excess = started / BUSY_WINDOW_SECONDS - BUSY_NOTES_PER_SECOND;
            if (excess <= 0 || !mask.allowsNoteOn(v)) {
                continue;
            }
            float bias = (float) -Math.min(BUSY_MAX_BIAS, BUSY_BIAS_PER_NOTE * excess);
            for (int p = v.minPitch; p <= v.maxPitch; p++) {
                tokenBias[Tx1Vocab.noteOn(v, p)] += bias;
            }
            worst = Math.min(worst, bias);
            any = true;
        }
        if (worst != shortWaitBias) {
            biasShortWaits(worst);
        }
        return any;
    }

    private void biasShortWaits(float bias) {
        for (int w = Tx1Vocab.FIRST_WAIT; w < Tx1Vocab.FIRST_WAIT + Tx1Vocab.WAIT_COUNT; w++) {
            tokenBias[w] = Tx1Vocab.waitSamples(w) < BUSY_SHORT_WAIT_SAMPLES ? bias : 0f;
        }
        shortWaitBias = bias;
    }

    /** The window over which {@link #busyBias} counts a voice's note-ons, seconds of the timeline. */
    static final double BUSY_WINDOW_SECONDS = 2.0;
    /**
     * The rate above which a model voice's note-ons are held back: NES-MDB valid's 90th percentile of a voice's
     * note-ons per second over 2-s windows (p1 10.0, p2 9.5, tr 10.0, no 10.0; the median is 3.5-4.0).
     */
    static final double BUSY_NOTES_PER_SECOND = 10.0;
    /** Note-on logits taken off per note a second above {@link #BUSY_NOTES_PER_SECOND}. */
    static final double BUSY_BIAS_PER_NOTE = 1.0;
    /** Waits shorter than this (model samples: a note-on per voice at {@link #BUSY_NOTES_PER_SECOND}) are held back. */
    static final int BUSY_SHORT_WAIT_SAMPLES = (int) (Tx1Vocab.SAMPLE_RATE / 10.0);
    /** The most {@link #busyBias} takes off, in logits. */
    static final double BUSY_MAX_BIAS = 8.0;

    /** True when a note at engine time {@code t} lands on a beat of the grid (see {@link #grid}). */
    boolean strongAt(double t) {
        if (!(gridSamplesPerBeat > 0)) {
            return false;
        }
        double beats = (t - gridOriginSampleTime) / gridSamplesPerBeat;
        if (gridSnapsAhead) {
            double point = HostClock.nextPoint(beats - 1e-6, false);
            return point == Math.rint(point);
        }
        return Math.abs(beats - Math.rint(beats)) < 0.125;
    }

    /** Silence of a model voice after which its note-ons are favoured, seconds. */
    static final double REVIVE_AFTER_SECONDS = 3.0;
    /** Growth of that favour, logits per second of further silence. */
    static final double REVIVE_BIAS_PER_SECOND = 2.0;
    /**
     * The most it grows to, in logits, reached 15 s into a silence, when {@link #REVIVE_FORCE_SECONDS} takes over
     * anyway.
     */
    static final double REVIVE_MAX_BIAS = 30.0;

    /**
     * A model voice silent this long starts a note at the next time step whatever the model says (its pitch the
     * model's): the bound is 20 s of silence; NES-MDB's median longest silence is 0.7-1.8 s a voice.
     */
    static final double REVIVE_FORCE_SECONDS = 15.0;

    /** True when the owned voices are masked for a token at {@code t}. */
    private boolean ownsNow(double t) {
        return switch (mode) {
            case ENDLESS -> false;
            case ACCOMPANY -> true;
            case CALL_RESPONSE -> playerHeldBits != 0 || t < lastPlayerTime + restSamples;
        };
    }

    private double waitEngineSamples(int waitToken) {
        return Tx1Vocab.waitSamples(waitToken) * engineRate / Tx1Vocab.SAMPLE_RATE / rate;
    }

    /** The longest wait token not longer than {@code engineSamples} of engine time (at least {@code WT_1}). */
    private int waitTokenAtMost(double engineSamples) {
        long model = Math.max(1, (long) Math.floor(engineSamples / engineRate * Tx1Vocab.SAMPLE_RATE * rate));
        int id = Tx1Vocab.waitId(model);
        while (id > Tx1Vocab.FIRST_WAIT && Tx1Vocab.waitSamples(id) > model) {
            id--;
        }
        return id;
    }

    /**
     * Writes a player's MIDI note-on/off at engine time {@code sampleTime}, rolling back the speculative tokens after
     * it (never tokens whose events are before {@code heardSampleTime}). Returns the time it was written at
     * (later than {@code sampleTime} only when heard events lie after it), or NaN when the event is not written
     * (endless mode, a voice the player does not own, a note-off of a note no longer sounding).
     */
    public double insertPlayerEvent(int packedMidi, double sampleTime, double heardSampleTime)
            throws ModelException {
        notePlayerActivity(packedMidi, sampleTime);
        if (mode == JamMode.ENDLESS || ownedBits == 0) {
            return Double.NaN;
        }
        int n = cutPoint(sampleTime, heardSampleTime);
        int token = playerToken(packedMidi, n);
        if (token < 0) {
            return Double.NaN;
        }
        double at = Math.max(sampleTime, timeAt(n));
        if (n < gen.length()) {
            if (!gen.cheapRollback(n)) {
                deepRollbacks++;
            }
            gen.rollback(n);
        }
        bumpEpoch(n, heardSampleTime);
        writeForced(packedMidi, at, n);
        return at;
    }

    /**
     * Pads the timeline with forced waits (silence) up to {@code sampleTime}: used when generation fell behind the
     * playhead, so that the next events are not all late.
     */
    public void padTo(double sampleTime) throws ModelException {
        double now = horizon();
        while (sampleTime - now > 0) {
            long model = Math.round((sampleTime - now) / engineRate * Tx1Vocab.SAMPLE_RATE * rate);
            if (model < 1) {
                return;
            }
            feedAt(Tx1Vocab.waitId(Math.min(model, Tx1Vocab.MAX_WAIT_SAMPLES)), now, true);
            now = horizon();
        }
    }

    /**
     * Schedules a player's event known in advance (tests, scripted input): it is written when the generated timeline
     * reaches {@code sampleTime}, without rollback. One at a time.
     */
    public void forceAhead(int packedMidi, double sampleTime) {
        aheadPacked = packedMidi;
        aheadTime = sampleTime;
    }

    /**
     * Discards the speculative future (everything after {@code heardSampleTime} that was not heard yet) and reseeds
     * with {@code newSeed} (a "new idea"), or with the base seed's stream when {@code newSeed} is null.
     */
    public void rollbackToHeard(double heardSampleTime, Long newSeed) throws ModelException {
        rollbackTo(heardSampleTime, heardSampleTime, newSeed);
    }

    /**
     * Discards the tokens at or after engine time {@code sampleTime} (never heard ones: not before
     * {@code heardSampleTime}) and reseeds as {@link #rollbackToHeard} does; e.g. a new chord at its time.
     */
    public void rollbackTo(double sampleTime, double heardSampleTime, Long newSeed) throws ModelException {
        int n = cutPoint(Math.max(heardSampleTime, sampleTime - 0.5), heardSampleTime);
        if (n < gen.length()) {
            gen.rollback(n);
        }
        bumpEpoch(n, heardSampleTime);
        if (newSeed != null) {
            sampler.reseed(newSeed);
        } else {
            reseed();
        }
    }

    /**
     * Forces a note-off now (at the horizon) for every model note sounding on a voice in {@code voiceBits}
     * (a voice the player just took over).
     */
    public void releaseModelNotes(int voiceBits) throws ModelException {
        for (Voice v : Voice.values()) {
            int slot = slot(gen.length(), v);
            if ((voiceBits & (1 << v.ordinal())) != 0 && slot >= 0 && pitch[slot] >= 0 && !byPlayer[slot]) {
                feedAt(Tx1Vocab.noteOff(v), horizon(), false);
            }
        }
    }

    /** Largest n (not below the prompt, the metadata ring, or heard events) with time(n) <= t. */
    private int cutPoint(double t, double heard) {
        int n = gen.length();
        int floor = Math.max(promptLength, gen.length() - META + 2);
        while (n > floor) {
            double tn = timeAt(n);
            int last = gen.token(n - 1);
            boolean event = !Tx1Vocab.isWait(last);
            if (event && tn < heard) {
                break; // heard: immutable
            }
            if (tn <= t) {
                break;
            }
            n--;
        }
        return n;
    }

    private void bumpEpoch(int n, double heard) {
        epoch++;
        long from = Math.round(timeAt(n));
        if (from < heard) {
            // every kept event (time <= the cut) was already emitted; nothing before the heard time is dropped
            out.epoch(epoch, (long) Math.ceil(heard));
            return;
        }
        out.epoch(epoch, from);
        // kept events at exactly the cut time would be dropped with the stale ones: schedule them again
        for (int i = n - 1; i >= Math.max(promptLength, n - META + 2); i--) {
            if (Math.round(end[i & META_MASK]) != from) {
                break;
            }
            if (evA[i & META_MASK] != 0) {
                out.event(from, evA[i & META_MASK], epoch);
            }
            if (evB[i & META_MASK] != 0) {
                out.event(from, evB[i & META_MASK], epoch);
            }
        }
    }

    /** Feeds the wait up to {@code at} and the player's token (the cut point is the current length). */
    private void writeForced(int packedMidi, double at, int n) throws ModelException {
        double gap = at - timeAt(n);
        double now = timeAt(n);
        while (gap > 0) {
            long model = Math.round(gap / engineRate * Tx1Vocab.SAMPLE_RATE * rate);
            if (model < 1) {
                break;
            }
            int w = Tx1Vocab.waitId(Math.min(model, Tx1Vocab.MAX_WAIT_SAMPLES));
            feedAt(w, now, true);
            now = horizon();
            gap = at - now;
            if (Tx1Vocab.waitSamples(w) < Tx1Vocab.MAX_WAIT_SAMPLES) {
                break;
            }
        }
        int token = playerToken(packedMidi, gen.length());
        if (token >= 0) {
            feedAt(token, horizon(), true);
        }
        reseed();
    }

    /** Called for every player note, written or not: call-response tracks the player's activity. */
    private void notePlayerActivity(int packedMidi, double t) {
        int cmd = packedMidi & 0xF0;
        int ch = packedMidi & 0x0F;
        boolean on = cmd == Midi.NOTE_ON && ((packedMidi >>> 16) & 0x7F) > 0;
        boolean off = cmd == Midi.NOTE_OFF || (cmd == Midi.NOTE_ON && !on);
        if (!on && !off) {
            return;
        }
        lastPlayerTime = Math.max(lastPlayerTime, t);
        int bit = 1 << Math.min(ch, 15);
        if (on) {
            playerHeldBits |= bit;
        } else {
            playerHeldBits &= ~bit;
        }
    }

    /**
     * The TX1 token of a player's note-on/off given the voice state after {@code n} tokens, or -1 when it is not
     * written. The voice is the channel's (1-4 = P1, P2, TR, NO) when the player owns it, else the lowest owned voice.
     */
    private int playerToken(int packedMidi, int n) {
        if (mode == JamMode.ENDLESS || ownedBits == 0) {
            return -1;
        }
        int cmd = packedMidi & 0xF0;
        int ch = packedMidi & 0x0F;
        int note = (packedMidi >>> 8) & 0x7F;
        int vel = (packedMidi >>> 16) & 0x7F;
        boolean on = cmd == Midi.NOTE_ON && vel > 0;
        boolean off = cmd == Midi.NOTE_OFF || (cmd == Midi.NOTE_ON && vel == 0);
        if (!on && !off) {
            return -1;
        }
        Voice v = null;
        if (ch < 4 && (ownedBits & (1 << ch)) != 0) {
            v = Voice.of(ch);
        } else {
            v = Voice.of(Integer.numberOfTrailingZeros(ownedBits));
        }
        int p = clampPitch(v, note);
        if (on) {
            return Tx1Vocab.noteOn(v, p);
        }
        int slot = slot(n, v);
        if (slot < 0 || pitch[slot] != p || !byPlayer[slot]) {
            return -1; // releasing a note that is no longer the voice's
        }
        return Tx1Vocab.noteOff(v);
    }

    private static int clampPitch(Voice v, int note) {
        if (v == Voice.NO) {
            return Math.max(1, Math.min(16, note));
        }
        int p = note;
        while (p < v.minPitch) {
            p += 12;
        }
        while (p > v.maxPitch) {
            p -= 12;
        }
        return p;
    }

    private void reseed() {
        long z = seed + 0x9E3779B97F4A7C15L * (gen.length() + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        sampler.reseed(z ^ (z >>> 31));
    }

    /** Metadata slot of voice {@code v} after the first {@code n} tokens, or -1 inside the prompt (silent). */
    private int slot(int n, Voice v) {
        return n <= promptLength ? -1 : ((n - 1) & META_MASK) * 4 + v.ordinal();
    }

    /** Feeds {@code token} starting at {@code at}, records its metadata and schedules its events. */
    private void feedAt(int token, double at, boolean player) throws ModelException {
        int n = gen.length();
        gen.feed(token);
        int i = n & META_MASK;
        // copy the voice state
        int prev = slot(n, Voice.P1);
        for (int v = 0; v < 4; v++) {
            if (prev < 0) {
                pitch[i * 4 + v] = -1;
                byPlayer[i * 4 + v] = false;
                stateStart[i * 4 + v] = at;
                onsets[i * 4 + v] = 0;
            } else {
                pitch[i * 4 + v] = pitch[prev + v];
                byPlayer[i * 4 + v] = byPlayer[prev + v];
                stateStart[i * 4 + v] = stateStart[prev + v];
                onsets[i * 4 + v] = onsets[prev + v];
            }
        }
        evA[i] = 0;
        evB[i] = 0;
        if (Tx1Vocab.isWait(token)) {
            end[i] = at + waitEngineSamples(token);
            return;
        }
        end[i] = at;
        Voice v = Tx1Vocab.voiceOf(token);
        if (v == null) {
            return;
        }
        int s = i * 4 + v.ordinal();
        int ch = v.ordinal();
        int old = pitch[s];
        boolean oldByPlayer = byPlayer[s];
        long t = Math.round(at);
        if (old >= 0 && !oldByPlayer) {
            evA[i] = Midi.pack(Midi.NOTE_OFF | ch, old, 0); // monophonic: end the model's sounding note
        }
        if (Tx1Vocab.isNoteOff(token)) {
            pitch[s] = -1;
            byPlayer[s] = false;
            if (old >= 0) { // a note-off of a silent voice (masked for the model) would change nothing
                stateStart[s] = at;
            }
        } else {
            int p = Tx1Vocab.pitchOf(token);
            pitch[s] = p;
            byPlayer[s] = player;
            stateStart[s] = at;
            if (!player) {
                evB[i] = Midi.pack(Midi.NOTE_ON | ch, p, VELOCITY[ch]);
                onsets[s]++;
            }
        }
        if (evA[i] != 0) {
            out.event(t, evA[i], epoch);
        }
        if (evB[i] != 0) {
            out.event(t, evB[i], epoch);
        }
    }
}
