package org.nesjam.gen.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nesjam.gen.tokens.Tx1Vocab;

/**
 * Runs the NesGPT step graph over one token sequence with a ring-buffer KV cache. [generator-thread]: confined
 * to one thread, not thread-safe.
 *
 * <p>The sequence holds tokens at absolute positions {@code 0 .. position()-1}. The model attends over a sliding
 * window of {@code context} tokens (ALiBi: only distances matter), so the cache is a ring of
 * {@code capacity = context + rollbackSlots} slots: each new token overwrites the oldest slot, which makes endless
 * generation cost the same per token forever (no shift, no re-prefill). Every slot's absolute position is an input
 * ({@code cache_pos}); an empty slot carries {@link #EMPTY_POS} and is masked by the graph.
 *
 * <p>Rollback: {@link #truncate(long)} to any position {@code n >= minTruncate()} only marks the slots at
 * positions {@code >= n} empty (O(capacity) long writes, no tensor work); the logits come back with the next token
 * fed ({@link Generator} feeds the last kept token again). Deeper rollbacks need the caller to {@link #reset()} and
 * prefill again ({@link Generator} does that from its token history).
 *
 * <p>Graphs: a single token runs the model's single-token graph when it has one ({@link ModelInfo.StepGraph}: no
 * mask-building or transposing nodes: 77 instead of 131 nodes in ORT's optimised graph for the shipped L3 d128, whose
 * export also folds each linear bias into its int8 matmul), with an {@code attn_bias} this runner
 * rebuilds from {@code cache_pos} before each step (O(heads * capacity) float writes); several tokens run the main
 * graph.
 *
 * <p>Buffers: the cache, {@code cache_pos}, {@code start_pos}, {@code attn_bias} and the single-token input are
 * direct, native-order buffers wrapped once as ONNX tensors, which ORT reads without a copy; single-token steps and
 * small chunks write logits and the new keys/values into pinned, preallocated output tensors. A longer prefill
 * allocates its (T-sized) outputs.
 */
public final class ModelRunner implements AutoCloseable {
    /** Position of an empty cache slot: far enough back to be outside any window. */
    public static final long EMPTY_POS = -(1L << 40);
    /** Default extra ring slots beyond the window: a rollback of up to 128 tokens (~2.2 s of music at 57.5 tokens/s) needs no re-prefill. */
    public static final int DEFAULT_ROLLBACK_SLOTS = 128;
    /** Longest chunk a prefill sends through the graph at once. */
    public static final int PREFILL_CHUNK = 128;
    /**
     * Chunks of 2 .. SMALL_CHUNK tokens without a logits sink (a player's note after a rollback: a wait and the
     * note) run as single steps when the model has a single-token graph, else on the main graph's pinned buffers
     * made on first use: no allocation afterwards either way. Steps, because live the main graph runs only on a
     * player's note and is cold then: in {@code bench jam --jack} a reaction's 2-token chunk took 985 us (p50; JMH
     * back to back: 363 us) against 403 us for the step after it, while JMH gives two steps 408 us back to back.
     */
    public static final int SMALL_CHUNK = 8;

    /** Receives per-position logits during {@link #prefill}. [generator-thread] */
    @FunctionalInterface
    public interface LogitsSink {
        /**
         * @param position absolute position of the token whose next-token logits these are
         * @param logits   {@code vocabSize} floats from {@code logits.position()}; valid only during the call
         */
        void accept(long position, FloatBuffer logits);
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    /** The single-token graph (null: steps run {@link #session}) and its inputs. */
    private final OrtSession stepSession;
    private final Map<String, OnnxTensor> step1Inputs = new HashMap<>();
    private final FloatBuffer attnBias;     // [H][capacity], rebuilt from cachePos before each single-token step
    private final float[] slopes;
    private final float maskValue;
    private final int vocab;
    private final int layers;
    private final int heads;
    private final int dHead;
    private final int window;
    private final int capacity;

    private final FloatBuffer[] keys;    // per layer [H][Dh][capacity]
    private final FloatBuffer[] values;  // per layer [H][capacity][Dh]
    private final LongBuffer cachePos;   // [capacity]
    private final LongBuffer startPos;   // [1]
    private final LongBuffer stepId;     // [1,1]
    private final FloatBuffer stepLogits;
    private final FloatBuffer[] stepNewKeys;
    private final FloatBuffer[] stepNewValues;
    private final Map<String, OnnxTensor> stepInputs = new HashMap<>();
    private final Map<String, OnnxTensor> stepOutputs = new HashMap<>();
    private final OnnxTensor stepIdTensor;
    private final java.util.List<OnnxTensor> owned = new java.util.ArrayList<>();
    private final SmallChunk[] smallChunks = new SmallChunk[SMALL_CHUNK + 1];
    private final float[] logits;
    private final String[] newKeyNames;
    private final String[] newValueNames;

    private long position;
    private boolean hasLogits;
    private boolean closed;

    ModelRunner(NesModel model, int capacity) throws ModelException {
        ModelInfo info = model.info();
        this.env = model.env();
        this.session = model.session();
        this.stepSession = model.stepSession();
        this.slopes = info.step() == null ? null : info.step().alibiSlopes().clone();
        this.maskValue = info.step() == null ? 0 : info.step().maskValue();
        this.vocab = info.vocabSize();
        this.layers = info.layers();
        this.heads = info.heads();
        this.dHead = info.dHead();
        this.window = info.context();
        this.capacity = capacity;
        this.keys = new FloatBuffer[layers];
        this.values = new FloatBuffer[layers];
        this.stepNewKeys = new FloatBuffer[layers];
        this.stepNewValues = new FloatBuffer[layers];
        this.newKeyNames = new String[layers];
        this.newValueNames = new String[layers];
        this.logits = new float[vocab];
        try {
            for (int l = 0; l < layers; l++) {
                keys[l] = floats(heads * dHead * capacity);
                values[l] = floats(heads * dHead * capacity);
                stepInputs.put(pastKey(l), own(OnnxTensor.createTensor(env, keys[l], new long[] {1, heads, dHead, capacity})));
                stepInputs.put(pastValue(l), own(OnnxTensor.createTensor(env, values[l], new long[] {1, heads, capacity, dHead})));
                stepNewKeys[l] = floats(heads * dHead);
                stepNewValues[l] = floats(heads * dHead);
                newKeyNames[l] = newKey(l);
                newValueNames[l] = newValue(l);
                stepOutputs.put(newKeyNames[l], own(OnnxTensor.createTensor(env, stepNewKeys[l], new long[] {1, heads, dHead, 1})));
                stepOutputs.put(newValueNames[l], own(OnnxTensor.createTensor(env, stepNewValues[l], new long[] {1, heads, 1, dHead})));
            }
            cachePos = longs(capacity);
            startPos = longs(1);
            stepId = longs(1);
            stepLogits = floats(vocab);
            stepInputs.put("cache_pos", own(OnnxTensor.createTensor(env, cachePos, new long[] {capacity})));
            stepInputs.put("start_pos", own(OnnxTensor.createTensor(env, startPos, new long[] {1})));
            stepIdTensor = own(OnnxTensor.createTensor(env, stepId, new long[] {1, 1}));
            stepInputs.put("input_ids", stepIdTensor);
            stepOutputs.put("logits", own(OnnxTensor.createTensor(env, stepLogits, new long[] {1, 1, vocab})));
            if (stepSession != null) {
                attnBias = floats(heads * capacity);
                step1Inputs.put("input_ids", stepIdTensor);
                step1Inputs.put("attn_bias", own(OnnxTensor.createTensor(env, attnBias, new long[] {1, heads, 1,
                        capacity})));
                for (int l = 0; l < layers; l++) {
                    step1Inputs.put(pastKey(l), stepInputs.get(pastKey(l)));
                    step1Inputs.put(pastValue(l), stepInputs.get(pastValue(l)));
                }
            } else {
                attnBias = null;
            }
        } catch (OrtException e) {
            close();
            throw new ModelException("cannot allocate model buffers: " + NesModel.firstLine(e.getMessage()), e);
        }
        reset();
    }

    static String pastKey(int layer) {
        return "past_key_" + layer;
    }

    static String pastValue(int layer) {
        return "past_value_" + layer;
    }

    static String newKey(int layer) {
        return "new_key_" + layer;
    }

    static String newValue(int layer) {
        return "new_value_" + layer;
    }

    private OnnxTensor own(OnnxTensor t) {
        owned.add(t);
        return t;
    }

    private static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static LongBuffer longs(int n) {
        return ByteBuffer.allocateDirect(n * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /** Empties the sequence (position 0, no logits). */
    public void reset() {
        for (int i = 0; i < capacity; i++) {
            cachePos.put(i, EMPTY_POS);
        }
        position = 0;
        hasLogits = false;
    }

    /** Number of tokens in the sequence so far (the absolute position of the next token). */
    public long position() {
        return position;
    }

    /** Ring slots. */
    public int capacity() {
        return capacity;
    }

    /** Attention window in tokens. */
    public int window() {
        return window;
    }

    public int vocabSize() {
        return vocab;
    }

    /**
     * The next-token logits after the last token fed (a live array owned by this runner, overwritten by the next
     * call). Throws {@link IllegalStateException} when no token was fed since {@link #reset()}.
     */
    public float[] logits() {
        if (!hasLogits) {
            throw new IllegalStateException("no token fed yet");
        }
        return logits;
    }

    /** Feeds one token at {@link #position()}; afterwards {@link #logits()} predicts the next one. */
    public void step(int token) throws ModelException {
        checkToken(token);
        runStep(token);
        store(stepNewKeys, stepNewValues, 1);
        position++;
        stepLogits.get(0, logits);
        hasLogits = true;
    }

    /**
     * Runs one single-token step whose results are thrown away: position, cache and {@link #logits()} stay as they
     * were. A caller that waits for input between tokens calls it every few milliseconds to keep the weights and the
     * KV cache in this core's caches: a step after 5 ms of idling took 376 us (p50) and after 20 ms 621 us, against
     * 197 us back to back (`ModelRunner` of the shipped model, capacity 1,152, on this project's VM).
     */
    public void warm() throws ModelException {
        runStep(Tx1Vocab.SEP);
    }

    /** Runs the single-token graph for {@code token} at {@link #position} into the step's pinned output buffers. */
    private void runStep(int token) throws ModelException {
        stepId.put(0, token);
        startPos.put(0, position);
        if (stepSession != null) {
            fillAttnBias();
        }
        try (OrtSession.Result r = stepSession != null ? stepSession.run(step1Inputs, stepOutputs)
                : session.run(stepInputs, stepOutputs)) {
            // outputs are the pinned buffers; r owns nothing
        } catch (OrtException e) {
            throw new ModelException("model step failed: " + NesModel.firstLine(e.getMessage()), e);
        }
    }

    /**
     * The single-token graph's {@code attn_bias} for a query at {@link #position}: ALiBi over the distance to each
     * slot's position, {@code maskValue} outside {@code 1 .. window-1} (an empty slot is far outside). The same rule
     * the main graph applies to {@code cache_pos} (and export.py's step1_bias), in float32 like PyTorch.
     */
    private void fillAttnBias() {
        for (int s = 0; s < capacity; s++) {
            long dist = position - cachePos.get(s);
            boolean visible = dist >= 1 && dist <= window - 1;
            for (int h = 0; h < heads; h++) {
                attnBias.put(h * capacity + s, visible ? -slopes[h] * (float) dist : maskValue);
            }
        }
    }

    /** Feeds {@code tokens[from, to)} in chunks; {@code sink} (may be null) sees every position's logits. */
    public void prefill(int[] tokens, int from, int to, LogitsSink sink) throws ModelException {
        if (from < 0 || to > tokens.length || from > to) {
            throw new IndexOutOfBoundsException("prefill [" + from + ", " + to + ") of " + tokens.length);
        }
        for (int i = from; i < to; i++) {
            checkToken(tokens[i]);
        }
        int i = from;
        while (i < to) {
            int t = Math.min(PREFILL_CHUNK, to - i);
            if (sink == null && (t == 1 || stepSession != null && t <= SMALL_CHUNK)) {
                for (int j = 0; j < t; j++) {
                    step(tokens[i + j]); // short chunks: see SMALL_CHUNK
                }
            } else if (t <= SMALL_CHUNK && sink == null) {
                smallChunk(tokens, i, t);
            } else {
                chunk(tokens, i, t, sink);
            }
            i += t;
        }
    }

    /** Pinned inputs and outputs for one chunk length {@code t} (2..SMALL_CHUNK). */
    private final class SmallChunk {
        final LongBuffer ids;
        final FloatBuffer logits;
        final FloatBuffer[] newKeys = new FloatBuffer[layers];     // [H][Dh][t]
        final FloatBuffer[] newValues = new FloatBuffer[layers];   // [H][t][Dh]
        final Map<String, OnnxTensor> inputs = new HashMap<>(stepInputs);
        final Map<String, OnnxTensor> outputs = new HashMap<>();

        SmallChunk(int t) throws OrtException {
            ids = longs(t);
            logits = floats(t * vocab);
            inputs.put("input_ids", own(OnnxTensor.createTensor(env, ids, new long[] {1, t})));
            outputs.put("logits", own(OnnxTensor.createTensor(env, logits, new long[] {1, t, vocab})));
            for (int l = 0; l < layers; l++) {
                newKeys[l] = floats(heads * dHead * t);
                newValues[l] = floats(heads * dHead * t);
                outputs.put(newKeyNames[l], own(OnnxTensor.createTensor(env, newKeys[l],
                        new long[] {1, heads, dHead, t})));
                outputs.put(newValueNames[l], own(OnnxTensor.createTensor(env, newValues[l],
                        new long[] {1, heads, t, dHead})));
            }
        }
    }

    private void smallChunk(int[] tokens, int from, int t) throws ModelException {
        try {
            SmallChunk c = smallChunks[t];
            if (c == null) {
                c = smallChunks[t] = new SmallChunk(t);
            }
            for (int j = 0; j < t; j++) {
                c.ids.put(j, tokens[from + j]);
            }
            startPos.put(0, position);
            try (OrtSession.Result r = session.run(c.inputs, c.outputs)) {
                // outputs are the pinned buffers; r owns nothing
            }
            store(c.newKeys, c.newValues, t);
            c.logits.get((t - 1) * vocab, logits);
            hasLogits = true;
            position += t;
        } catch (OrtException e) {
            throw new ModelException("model step failed: " + NesModel.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Writes a chunk's new keys ([H][Dh][t]) and values ([H][t][Dh]) into the ring at positions
     * {@code position ..}.
     */
    private void store(FloatBuffer[] newKeys, FloatBuffer[] newValues, int t) {
        for (int l = 0; l < layers; l++) {
            FloatBuffer nk = newKeys[l];
            FloatBuffer nv = newValues[l];
            for (int j = 0; j < t; j++) {
                int slot = (int) ((position + j) % capacity);
                for (int hd = 0, n = heads * dHead; hd < n; hd++) {
                    keys[l].put(hd * capacity + slot, nk.get(hd * t + j));
                }
                for (int h = 0; h < heads; h++) {
                    values[l].put((h * capacity + slot) * dHead, nv, (h * t + j) * dHead, dHead);
                }
            }
        }
        for (int j = 0; j < t; j++) {
            cachePos.put((int) ((position + j) % capacity), position + j);
        }
    }

    private void chunk(int[] tokens, int from, int t, LogitsSink sink) throws ModelException {
        LongBuffer ids = ByteBuffer.allocateDirect(t * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
        for (int j = 0; j < t; j++) {
            ids.put(j, tokens[from + j]);
        }
        startPos.put(0, position);
        Map<String, OnnxTensor> in = new HashMap<>(stepInputs);
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids, new long[] {1, t})) {
            in.put("input_ids", idTensor);
            try (OrtSession.Result r = session.run(in)) {
                FloatBuffer lg = ((OnnxTensor) r.get("logits").orElseThrow()).getFloatBuffer();
                FloatBuffer[] nk = new FloatBuffer[layers];
                FloatBuffer[] nv = new FloatBuffer[layers];
                for (int l = 0; l < layers; l++) {
                    nk[l] = ((OnnxTensor) r.get(newKeyNames[l]).orElseThrow()).getFloatBuffer(); // [H][Dh][t]
                    nv[l] = ((OnnxTensor) r.get(newValueNames[l]).orElseThrow()).getFloatBuffer(); // [H][t][Dh]
                }
                store(nk, nv, t);
                if (sink != null) {
                    for (int j = 0; j < t; j++) {
                        sink.accept(position + j, lg.duplicate().position(j * vocab));
                    }
                }
                lg.get((t - 1) * vocab, logits);
                hasLogits = true;
                position += t;
            }
        } catch (OrtException e) {
            throw new ModelException("model prefill failed: " + NesModel.firstLine(e.getMessage()), e);
        }
    }

    /**
     * The smallest position {@link #truncate} accepts: the token fed next sits at position {@code n} and its
     * window ({@code n - window + 1 .. n - 1}) must still be in the ring.
     */
    public long minTruncate() {
        long oldest = Math.max(0, position - capacity); // oldest position still held
        return oldest == 0 ? 0 : Math.min(position, oldest + window - 1);
    }

    /**
     * Rolls the sequence back to its first {@code n} tokens ({@code minTruncate() <= n <= position()});
     * {@link #logits()} is unavailable until the next token is fed.
     */
    public void truncate(long n) {
        if (n < minTruncate() || n > position) {
            throw new IllegalArgumentException("cannot truncate to " + n + " (allowed " + minTruncate() + ".."
                    + position + ")");
        }
        dropFrom(n);
        hasLogits = false;
    }

    private void dropFrom(long n) {
        for (int i = 0; i < capacity; i++) {
            if (cachePos.get(i) >= n) {
                cachePos.put(i, EMPTY_POS);
            }
        }
        position = n;
    }

    private void checkToken(int token) {
        if (token < 0 || token >= vocab) {
            throw new IllegalArgumentException("token id " + token + " outside 0.." + (vocab - 1));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (OnnxValue v : owned) {
            v.close();
        }
    }
}
