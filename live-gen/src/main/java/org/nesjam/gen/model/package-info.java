/**
 * NesGPT inference: the exported ONNX step graph run by ONNX Runtime (Java 1.20) with a ring-buffer KV cache.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link org.nesjam.gen.model.NesModel}: loads and verifies a model (metadata JSON + graph: SHA-256,
 *       vocabulary size and checksum against {@link org.nesjam.gen.tokens.Tx1Vocab}, graph inputs/outputs); one
 *       {@code OrtSession} with one intra-op thread, spinning off, sequential execution. The embedded default is
 *       the resource {@code org/nesjam/gen/model/nesgpt.json}; the tiny test model is in live-gen's test resources.</li>
 *   <li>{@link org.nesjam.gen.model.ModelRunner}: one token sequence over a ring cache of
 *       {@code context + rollbackSlots} positions (direct native-order buffers wrapped once as tensors; single-token
 *       steps write into pinned output tensors).</li>
 *   <li>{@link org.nesjam.gen.model.Sampler} (temperature, top-k, top-p, seed) and
 *       {@link org.nesjam.gen.model.TokenMask} (disable a voice, keep a voice in a pitch range, no {@code <S>},
 *       force a token).</li>
 *   <li>{@link org.nesjam.gen.model.Generator}: the token timeline with rollback.</li>
 *   <li>{@link org.nesjam.gen.model.Perplexity}: LakhNES's evaluation protocol ({@code nesjam eval}).</li>
 * </ul>
 *
 * <h2>Why a ring cache, and what things cost</h2>
 * The model uses ALiBi relative positions and attends over a sliding window of {@code context} tokens, so a key
 * or value never depends on its absolute position. The cache is therefore a ring: token {@code p} goes to slot
 * {@code p mod capacity}, and the graph gets each slot's absolute position ({@code cache_pos}) to compute distances
 * and mask empty or out-of-window slots. Consequences:
 * <ul>
 *   <li>Endless generation: constant cost per token forever; no shift, no re-prefill when the window is full.</li>
 *   <li>Rollback to any of the last {@code rollbackSlots} tokens (default 128, about 2.2 s of music): mark the
 *       dropped slots empty (O(capacity) long writes) plus one model step to recompute the logits after the kept
 *       last token. The result equals generating from scratch (tested).</li>
 *   <li>Deeper rollback: reset and prefill the last window from the token history (one prefill of
 *       {@code context} tokens); the oldest tokens of that window then lose their own deeper context (a small
 *       approximation).</li>
 *   <li>Each step attends over all {@code capacity} slots (masked where empty), so a step costs the same whether
 *       the window is empty or full; the graph never copies the cache (it returns only the new keys/values, which
 *       the runner writes into the ring: {@code 2 * layers * dModel} floats per token).</li>
 * </ul>
 * Threads: a model is loaded on the [main-thread] and shared read-only; a runner, its generator, sampler, mask and
 * song cache are confined to one thread, the [generator-thread] in a jam (allocation-free per token after warm-up)
 * or the caller's offline ({@code generate}, {@code eval}).
 * <p>
 * Figures: {@code nesjam bench gen} ({@code org.nesjam.bench.GenBenchmark}: wall clock and this thread's CPU
 * time, medians of several runs).
 */
package org.nesjam.gen.model;
