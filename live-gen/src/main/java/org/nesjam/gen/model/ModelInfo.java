package org.nesjam.gen.model;

import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.json.Json;
import org.nesjam.json.JsonException;
import org.nesjam.json.JsonValue;

/**
 * The metadata JSON written by {@code training/export.py} beside each {@code .onnx} file. Immutable.
 *
 * @param onnxFile       file name of the graph, relative to the JSON
 * @param onnxSha256     lower-case hex SHA-256 of the graph file, verified at load
 * @param vocabSize      number of token ids (631 for TX1)
 * @param vocabChecksum  {@link org.nesjam.gen.tokens.Tx1Vocab#checksum()} of the vocabulary it was trained on
 * @param context        attention window in tokens (a query sees itself and the previous context-1 tokens)
 * @param layers         decoder blocks
 * @param dModel         model width
 * @param heads          attention heads
 * @param dHead          width per head ({@code dModel / heads})
 * @param params         parameter count
 * @param weights        "fp32" or "int8"
 * @param trainSteps     optimiser steps of the exported checkpoint (-1 when unknown)
 * @param trainTokens    training tokens seen (-1 when unknown)
 * @param validPpl       LakhNES-protocol valid perplexity measured by {@code nesjam eval}, or NaN
 * @param validWindowPpl valid perplexity over the trainer's fixed valid windows, or NaN
 * @param waitScheme     how the training tokens' waits were rounded ({@link Tx1Codec#WAIT_SCHEME}; metadata
 *                       without the field: {@link Tx1Codec#LEGACY_WAIT_SCHEME})
 * @param step           the single-token graph (ModelRunner's fast path for generation), or null: models exported
 *                       before it existed run single tokens through the main graph
 */
public record ModelInfo(String onnxFile, String onnxSha256, int vocabSize, String vocabChecksum, int context,
                        int layers, int dModel, int heads, int dHead, long params, String weights, long trainSteps,
                        long trainTokens, double validPpl, double validWindowPpl, StepGraph step, String waitScheme) {

    /**
     * The single-token graph's file, its SHA-256, and how its {@code attn_bias} input is built: for a query at
     * position q and a cache slot holding position p, {@code -alibiSlopes[h] * (q - p)} when
     * {@code 1 <= q - p <= context - 1}, else {@code maskValue}.
     */
    public record StepGraph(String onnxFile, String onnxSha256, float[] alibiSlopes, float maskValue) {
    }

    /** The value of the JSON's {@code format} field this code reads. */
    public static final String FORMAT = "nesjam-model-1";

    /** Parses the metadata JSON; {@code source} names it in error messages. */
    public static ModelInfo parse(String json, String source) throws ModelException {
        try {
            JsonValue.Obj o = Json.parse(json, source).asObject();
            String format = o.string("format");
            if (!FORMAT.equals(format)) {
                throw new ModelException(source + ": unsupported model format '" + format + "' (expected " + FORMAT + ")");
            }
            JsonValue.Obj training = o.has("training") && o.get("training") instanceof JsonValue.Obj t ? t : null;
            return new ModelInfo(o.string("onnx"), o.string("onnx_sha256"), o.require("vocab_size").asInt(1, 1 << 20),
                    o.string("vocab_checksum"), o.require("context").asInt(2, 1 << 16),
                    o.require("n_layer").asInt(1, 256), o.require("d_model").asInt(1, 1 << 16),
                    o.require("n_head").asInt(1, 1024), o.require("d_head").asInt(1, 1 << 16),
                    (long) o.require("params").asNumber(), o.string("weights", "fp32"),
                    longOr(training, "steps"), longOr(training, "tokens_seen"), numberOr(o, "valid_ppl_lakhnes"),
                    numberOr(o, "valid_window_ppl"), step(o, source),
                    o.has("wait_scheme") ? o.string("wait_scheme") : Tx1Codec.LEGACY_WAIT_SCHEME);
        } catch (JsonException e) {
            throw new ModelException("corrupt model metadata: " + e.getMessage(), e);
        }
    }

    private static StepGraph step(JsonValue.Obj o, String source) throws JsonException, ModelException {
        if (!o.has("step_onnx")) {
            return null;
        }
        java.util.List<JsonValue> slopes = o.require("alibi_slopes").asArray().items();
        int heads = o.require("n_head").asInt(1, 1024);
        if (slopes.size() != heads) {
            throw new ModelException(source + ": " + slopes.size() + " alibi_slopes for " + heads + " heads");
        }
        float[] s = new float[heads];
        for (int h = 0; h < heads; h++) {
            s[h] = (float) slopes.get(h).asNumber();
        }
        return new StepGraph(o.string("step_onnx"), o.string("step_onnx_sha256"), s,
                (float) o.require("mask_value").asNumber());
    }

    private static long longOr(JsonValue.Obj o, String key) throws JsonException {
        if (o == null || !o.has(key) || !(o.get(key) instanceof JsonValue.Num)) {
            return -1;
        }
        return (long) o.get(key).asNumber();
    }

    private static double numberOr(JsonValue.Obj o, String key) throws JsonException {
        if (!o.has(key) || !(o.get(key) instanceof JsonValue.Num)) {
            return Double.NaN;
        }
        return o.get(key).asNumber();
    }

    /** One line for logs and {@code nesjam eval}. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "L%d d%d h%d ctx%d %s, %.2f M params, %d steps", layers, dModel,
                heads, context, weights, params / 1e6, trainSteps);
    }
}
