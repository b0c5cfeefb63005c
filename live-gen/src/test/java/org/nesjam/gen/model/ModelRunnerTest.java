package org.nesjam.gen.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nesjam.gen.tokens.Tx1Vocab;
import org.nesjam.gen.tokens.Voice;
import org.nesjam.json.Json;
import org.nesjam.json.JsonValue;

/**
 * The Java runner against PyTorch on the tiny shipped test model (L2 d24, context 16): logits, the ring cache
 * across many windows, rollback and determinism.
 */
class ModelRunnerTest {
    static final String TINY = "/org/nesjam/gen/model/tiny.json";
    static NesModel model;
    static int[] prompt;
    static int[] positions;
    static float[][] refLogits;
    static int[] refTop;

    @BeforeAll
    static void load() throws Exception {
        model = NesModel.loadResource(TINY);
        JsonValue.Obj ref;
        try (InputStream in = ModelRunnerTest.class.getResourceAsStream("/org/nesjam/gen/model/tiny-reference.json")) {
            ref = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "tiny-reference.json").asObject();
        }
        prompt = ints(ref.require("prompt").asArray().items());
        positions = ints(ref.require("positions").asArray().items());
        refTop = ints(ref.require("top").asArray().items());
        List<JsonValue> rows = ref.require("logits").asArray().items();
        refLogits = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            List<JsonValue> row = rows.get(i).asArray().items();
            refLogits[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                refLogits[i][j] = (float) row.get(j).asNumber();
            }
        }
        assertTrue(prompt.length > model.info().context() * 2, "reference prompt spans several windows");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static int[] ints(List<JsonValue> items) throws Exception {
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.get(i).asInt();
        }
        return out;
    }

    /** Max |java - torch| over the reference positions, given per-position Java logits. */
    static double maxDiff(Map<Integer, float[]> java) {
        double max = 0;
        for (int i = 0; i < positions.length; i++) {
            float[] j = java.get(positions[i]);
            for (int v = 0; v < j.length; v++) {
                max = Math.max(max, Math.abs(j[v] - refLogits[i][v]));
            }
            assertEquals(refTop[i], argmax(j), "top token at position " + positions[i]);
        }
        return max;
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void stepByStepMatchesPyTorchAcrossRingWraps() throws Exception {
        try (ModelRunner r = model.newRunner(4)) { // capacity 20 < 40-token prompt: the ring wraps twice
            Map<Integer, float[]> got = new HashMap<>();
            for (int p = 0; p < prompt.length; p++) {
                r.step(prompt[p]);
                got.put(p, r.logits().clone());
            }
            double d = maxDiff(got);
            System.out.println("step-by-step: max |java - torch| = " + d);
            assertTrue(d < 1e-3, "max |java - torch| = " + d);
        }
    }

    @Test
    void modelsWithoutTheSingleTokenGraphStepThroughTheMainGraph(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (NesModel m = withoutStepGraph(dir); ModelRunner r = m.newRunner(4)) {
            assertNull(m.info().step());
            Map<Integer, float[]> got = new HashMap<>();
            for (int p = 0; p < prompt.length; p++) {
                r.step(prompt[p]);
                got.put(p, r.logits().clone());
            }
            double d = maxDiff(got);
            assertTrue(d < 1e-3, "max |java - torch| = " + d);
        }
        assertNotNull(model.info().step(), "the test model has its single-token graph");
    }

    /** The test model as a model exported before the single-token graph existed (main graph only). */
    private static NesModel withoutStepGraph(java.nio.file.Path dir) throws Exception {
        String json;
        try (InputStream a = ModelRunnerTest.class.getResourceAsStream("/org/nesjam/gen/model/tiny.onnx");
             InputStream b = ModelRunnerTest.class.getResourceAsStream(TINY)) {
            java.nio.file.Files.write(dir.resolve("tiny.onnx"), a.readAllBytes());
            json = new String(b.readAllBytes(), StandardCharsets.UTF_8);
        }
        String old = json.replaceAll("(?s)\\s*\"step_onnx\"[^,]*,\\s*\"step_onnx_sha256\"[^,]*,", "")
                .replaceAll("(?s)\\s*\"alibi_slopes\": \\[[^\\]]*\\],", "");
        assertFalse(old.contains("step_onnx") || old.contains("alibi_slopes"), old);
        java.nio.file.Files.writeString(dir.resolve("tiny.json"), old);
        return NesModel.load(dir.resolve("tiny.json"));
    }

    @Test
    void prefillMatchesPyTorch() throws Exception {
        try (ModelRunner r = model.newRunner(0)) {
            Map<Integer, float[]> got = new HashMap<>();
            r.prefill(prompt, 0, 13, (pos, lg) -> got.put((int) pos, copy(lg)));
            for (int p = 13; p < 17; p++) {
                r.step(prompt[p]);
                got.put(p, r.logits().clone());
            }
            r.prefill(prompt, 17, prompt.length, (pos, lg) -> got.put((int) pos, copy(lg)));
            assertEquals(prompt.length, r.position());
            double d = maxDiff(got);
            assertTrue(d < 1e-3, "max |java - torch| = " + d);
        }
    }

    /**
     * Short chunks without a sink (a player's wait and note): steps of the single-token graph where the model has
     * one, pinned main-graph chunks where not; either way the logits after the chunk are a step-by-step runner's.
     */
    @Test
    void shortChunksMatchStepsAcrossRingWraps(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (NesModel old = withoutStepGraph(dir)) {
            for (NesModel m : new NesModel[] {model, old}) {
                try (ModelRunner r = m.newRunner(4); ModelRunner steps = m.newRunner(4)) { // capacity 20: wraps
                    float[][] stepLogits = new float[prompt.length][];
                    for (int p = 0; p < prompt.length; p++) {
                        steps.step(prompt[p]);
                        stepLogits[p] = steps.logits().clone();
                    }
                    int p = 0;
                    int chunks = 0;
                    for (int t = 2; p < prompt.length; t = t == ModelRunner.SMALL_CHUNK ? 2 : t + 1) {
                        int n = Math.min(t, prompt.length - p);
                        r.prefill(prompt, p, p + n, null); // no sink: keeps the last position's logits
                        p += n;
                        chunks++;
                        float[] lg = r.logits();
                        for (int v = 0; v < lg.length; v++) {
                            assertEquals(stepLogits[p - 1][v], lg[v], 1e-4,
                                    "logit " + v + " after a chunk ending at " + p);
                        }
                    }
                    assertEquals(prompt.length, r.position());
                    assertTrue(chunks >= 5, "chunks " + chunks);
                }
            }
        }
    }

    /** A warm step between tokens changes nothing: the same logits after each token as a runner without them. */
    @Test
    void warmStepsLeaveTheSequenceAsItWas() throws Exception {
        try (ModelRunner r = model.newRunner(4); ModelRunner plain = model.newRunner(4)) { // capacity 20: wraps
            for (int p = 0; p < prompt.length; p++) {
                plain.step(prompt[p]);
                r.step(prompt[p]);
                float[] before = r.logits().clone();
                r.warm();
                r.warm();
                assertEquals(p + 1, r.position());
                org.junit.jupiter.api.Assertions.assertArrayEquals(before, r.logits(), "logits after warm steps");
                org.junit.jupiter.api.Assertions.assertArrayEquals(plain.logits(), r.logits(), "token " + p);
            }
        }
    }

    static float[] copy(java.nio.FloatBuffer lg) {
        float[] a = new float[Tx1Vocab.SIZE];
        lg.get(lg.position(), a);
        return a;
    }

    @Test
    void sameSeedSameTokensOtherSeedOtherTokens() throws Exception {
        int[] a = generate(42, 300);
        int[] b = generate(42, 300);
        int[] c = generate(43, 300);
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    static int[] generate(long seed, int n) throws Exception {
        try (ModelRunner r = model.newRunner()) {
            Generator g = new Generator(r, new Sampler(Tx1Vocab.SIZE, seed));
            g.start(new int[] {Tx1Vocab.SEP});
            TokenMask mask = new TokenMask().noSeparator();
            for (int i = 0; i < n; i++) {
                g.next(mask);
            }
            return g.tokens();
        }
    }

    @Test
    void rollbackEqualsRegeneratingFromScratch() throws Exception {
        try (ModelRunner r = model.newRunner(32); ModelRunner fresh = model.newRunner(32)) {
            Generator g = new Generator(r, new Sampler(Tx1Vocab.SIZE, 5));
            g.start(new int[] {Tx1Vocab.SEP});
            for (int i = 0; i < 100; i++) {
                g.next(null);
            }
            int[] history = g.tokens();
            for (int n : new int[] {95, 80, 10}) { // within the ring, deepest the ring allows, and a re-prefill
                assertTrue(n != 10 || !g.cheapRollback(n));
                assertTrue(n == 10 || g.cheapRollback(n), "rollback to " + n + " should be free");
                g.rollback(n);
                Generator f = new Generator(fresh, new Sampler(Tx1Vocab.SIZE, 5));
                f.start(java.util.Arrays.copyOf(history, n));
                float[] lg = g.logits();
                float[] lf = f.logits();
                for (int v = 0; v < lg.length; v++) {
                    assertEquals(lf[v], lg[v], 1e-4, "logit " + v + " after rollback to " + n);
                }
                g.sampler().reseed(99);
                f.sampler().reseed(99);
                for (int i = 0; i < 60; i++) {
                    assertEquals(f.next(null), g.next(null), "token " + i + " after rollback to " + n);
                }
                g.rollback(100 > g.length() ? g.length() : 100);
                // restore the original history for the next case
                g.start(history);
            }
        }
    }

    @Test
    void endlessGenerationKeepsWorkingPastManyWindows() throws Exception {
        try (ModelRunner r = model.newRunner(0)) {
            Generator g = new Generator(r, new Sampler(Tx1Vocab.SIZE, 1));
            g.start(new int[] {Tx1Vocab.SEP});
            for (int i = 0; i < 2000; i++) { // 125 windows of 16
                g.next(null);
                float[] lg = g.logits();
                assertTrue(Float.isFinite(lg[0]) && Float.isFinite(lg[lg.length - 1]));
            }
            assertEquals(2001, r.position());
        }
    }

    @Test
    void masksAreRespected() throws Exception {
        try (ModelRunner r = model.newRunner()) {
            Generator g = new Generator(r, new Sampler(Tx1Vocab.SIZE, 3).temperature(1.5));
            g.start(new int[] {Tx1Vocab.SEP});
            TokenMask mask = new TokenMask().noSeparator().disableVoice(Voice.P1).limitRange(Voice.P2, 60, 72);
            int p2 = 0;
            for (int i = 0; i < 1500; i++) {
                int t = g.next(mask);
                assertNotEquals(Tx1Vocab.SEP, t);
                assertNotEquals(Voice.P1, Tx1Vocab.voiceOf(t), Tx1Vocab.name(t));
                if (Tx1Vocab.voiceOf(t) == Voice.P2 && Tx1Vocab.isNoteOn(t)) {
                    int pitch = Tx1Vocab.pitchOf(t);
                    assertTrue(pitch >= 60 && pitch <= 72, Tx1Vocab.name(t));
                    p2++;
                }
            }
            assertTrue(p2 > 0, "P2 still plays inside its range");
            int forced = Tx1Vocab.noteOn(Voice.TR, 45);
            assertEquals(forced, g.next(new TokenMask().force(forced)));
            assertEquals(forced, g.token(g.length() - 1));
        }
    }

    @Test
    void badModelsFailWithOneClearMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] onnx;
        byte[] step;
        String json;
        try (InputStream a = getClass().getResourceAsStream("/org/nesjam/gen/model/tiny.onnx");
             InputStream b = getClass().getResourceAsStream(TINY);
             InputStream c = getClass().getResourceAsStream("/org/nesjam/gen/model/tiny-step.onnx")) {
            onnx = a.readAllBytes();
            json = new String(b.readAllBytes(), StandardCharsets.UTF_8);
            step = c.readAllBytes();
        }
        java.nio.file.Path j = dir.resolve("tiny.json");
        java.nio.file.Path o = dir.resolve("tiny.onnx");
        java.nio.file.Path so = dir.resolve("tiny-step.onnx");
        assertMessage("model metadata not found", () -> NesModel.load(j));
        java.nio.file.Files.writeString(j, json);
        assertMessage("model graph not found", () -> NesModel.load(j));
        byte[] bad = onnx.clone();
        bad[bad.length / 2] ^= 1;
        java.nio.file.Files.write(o, bad);
        assertMessage("model step graph not found", () -> NesModel.load(j));
        java.nio.file.Files.write(so, step);
        assertMessage("does not match its metadata", () -> NesModel.load(j));
        java.nio.file.Files.write(o, onnx);
        byte[] badStep = step.clone();
        badStep[badStep.length / 2] ^= 1;
        java.nio.file.Files.write(so, badStep);
        assertMessage("(step graph tiny-step.onnx): SHA-256", () -> NesModel.load(j));
        java.nio.file.Files.write(so, step);
        try (NesModel ok = NesModel.load(o)) { // .onnx path finds its .json
            assertEquals(16, ok.info().context());
        }
        java.nio.file.Files.writeString(j, json.replace(Tx1Vocab.checksum(), "0".repeat(64)));
        assertMessage("another vocabulary", () -> NesModel.load(j));
        // a model exported before wait_scheme was recorded was trained on cumulative waits: refused, naming both
        java.nio.file.Files.writeString(j, json.replaceAll("\"wait_scheme\": \"per-gap\",", ""));
        assertMessage("trained on cumulative waits; this build's tokens use per-gap waits", () -> NesModel.load(j));
        java.nio.file.Files.writeString(j, json.substring(0, json.length() / 2));
        assertMessage("corrupt model metadata", () -> NesModel.load(j));
        assertMessage("not found on the classpath", () -> NesModel.loadResource("/nope/missing.json"));
    }

    interface Load {
        NesModel run() throws Exception;
    }

    static void assertMessage(String part, Load load) {
        try (NesModel m = load.run()) {
            throw new AssertionError("expected a ModelException containing '" + part + "'");
        } catch (ModelException e) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        } catch (Exception e) {
            throw new AssertionError("expected ModelException, got " + e, e);
        }
    }
}
