package org.nesjam.gen.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nesjam.gen.tokens.Tx1Codec;
import org.nesjam.gen.tokens.Tx1Vocab;

/**
 * A verified, loaded NesGPT model: its {@link ModelInfo} and one ONNX Runtime session (one intra-op thread,
 * spinning disabled, sequential execution). Loading checks, in this order, each failure being one
 * {@link ModelException} line: the metadata JSON exists and parses; the graph file exists; its SHA-256 equals the
 * metadata's; the vocabulary size and checksum equal {@link Tx1Vocab}'s; ONNX Runtime accepts the graph; the
 * graph's inputs and outputs are the ones the metadata's shape implies.
 *
 * <p>Thread-safety: the session may be shared; each {@link ModelRunner} (from {@link #newRunner}) owns its KV cache
 * and is confined to one thread. Close the model after its runners.
 */
public final class NesModel implements AutoCloseable {
    /** Classpath location of the shipped default model's metadata. */
    public static final String DEFAULT_RESOURCE = "/org/nesjam/gen/model/nesgpt.json";

    private final ModelInfo info;
    private final String source;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final OrtSession stepSession;

    private NesModel(ModelInfo info, String source, OrtEnvironment env, OrtSession session, OrtSession stepSession) {
        this.info = info;
        this.source = source;
        this.env = env;
        this.session = session;
        this.stepSession = stepSession;
    }

    /** The embedded default model (a resource of live-gen). */
    public static NesModel loadDefault() throws ModelException {
        return loadResource(DEFAULT_RESOURCE);
    }

    /** A model whose metadata JSON is the classpath resource {@code jsonResource}; the graph lies beside it. */
    public static NesModel loadResource(String jsonResource) throws ModelException {
        byte[] json = readResource(jsonResource, "model metadata");
        ModelInfo info = ModelInfo.parse(new String(json, StandardCharsets.UTF_8), jsonResource);
        String dir = jsonResource.substring(0, jsonResource.lastIndexOf('/') + 1);
        byte[] onnx = readResource(dir + info.onnxFile(), "model graph");
        byte[] step = info.step() == null ? null : readResource(dir + info.step().onnxFile(), "model step graph");
        return create(info, onnx, step, jsonResource);
    }

    /**
     * A model from a file: {@code path} is the metadata {@code .json}, or the {@code .onnx} graph with its
     * metadata beside it under the same base name.
     */
    public static NesModel load(Path path) throws ModelException {
        Path json = path;
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".onnx")) {
            json = path.resolveSibling(name.substring(0, name.length() - 5) + ".json");
        }
        ModelInfo info = ModelInfo.parse(new String(readFile(json, "model metadata"), StandardCharsets.UTF_8),
                json.toString());
        Path graph = json.resolveSibling(info.onnxFile());
        byte[] bytes = readFile(graph, "model graph");
        byte[] step = info.step() == null ? null : readFile(json.resolveSibling(info.step().onnxFile()),
                "model step graph");
        return create(info, bytes, step, graph.toString());
    }

    private static byte[] readFile(Path file, String what) throws ModelException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(what + " not found: " + file);
        } catch (IOException e) {
            throw new ModelException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readResource(String name, String what) throws ModelException {
        try (InputStream in = NesModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelException(what + " not found on the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelException("cannot read " + what + " " + name + ": " + e.getMessage(), e);
        }
    }

    private static NesModel create(ModelInfo info, byte[] onnx, byte[] step, String source) throws ModelException {
        checkSha(onnx, info.onnxSha256(), source);
        if (step != null) {
            checkSha(step, info.step().onnxSha256(), source + " (step graph " + info.step().onnxFile() + ")");
        }
        if (info.vocabSize() != Tx1Vocab.SIZE || !Tx1Vocab.checksum().equals(info.vocabChecksum())) {
            throw new ModelException("model " + source + " was trained on another vocabulary (size " + info.vocabSize()
                    + ", checksum " + info.vocabChecksum() + "; this build: size " + Tx1Vocab.SIZE + ", checksum "
                    + Tx1Vocab.checksum() + ")");
        }
        if (!Tx1Codec.WAIT_SCHEME.equals(info.waitScheme())) {
            throw new ModelException("model " + source + " was trained on " + info.waitScheme()
                    + " waits; this build's tokens use " + Tx1Codec.WAIT_SCHEME + " waits (export a model trained on"
                    + " token files from this build's `nesjam dataset`)");
        }
        if (info.dHead() * info.heads() != info.dModel()) {
            throw new ModelException("corrupt model metadata " + source + ": d_head * n_head != d_model");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "nesjam");
        OrtSession session = session(env, onnx, source);
        OrtSession stepSession = null;
        try {
            checkGraph(info, session, List.of("input_ids", "start_pos", "cache_pos"), source);
            if (step != null) {
                stepSession = session(env, step, source + " (step graph)");
                checkGraph(info, stepSession, List.of("input_ids", "attn_bias"), source + " (step graph)");
            }
        } catch (ModelException e) {
            closeQuietly(session);
            if (stepSession != null) {
                closeQuietly(stepSession);
            }
            throw e;
        }
        return new NesModel(info, source, env, session, stepSession);
    }

    private static void checkSha(byte[] graph, String want, String source) throws ModelException {
        String sha = Tx1Vocab.sha256(graph);
        if (!sha.equalsIgnoreCase(want)) {
            throw new ModelException("corrupt model " + source + ": SHA-256 " + sha + " does not match its metadata ("
                    + want + ")");
        }
    }

    /** One intra-op thread, no spinning, sequential: the graph runs on the calling thread. */
    private static OrtSession session(OrtEnvironment env, byte[] onnx, String source) throws ModelException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            opts.addConfigEntry("session.inter_op.allow_spinning", "0");
            return env.createSession(onnx, opts);
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime cannot load model " + source + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static void checkGraph(ModelInfo info, OrtSession session, List<String> inputs, String source)
            throws ModelException {
        try {
            Map<String, NodeInfo> in = session.getInputInfo();
            Map<String, NodeInfo> out = session.getOutputInfo();
            List<String> wantIn = new ArrayList<>(inputs);
            List<String> wantOut = new ArrayList<>(List.of("logits"));
            for (int i = 0; i < info.layers(); i++) {
                wantIn.add(ModelRunner.pastKey(i));
                wantIn.add(ModelRunner.pastValue(i));
                wantOut.add(ModelRunner.newKey(i));
                wantOut.add(ModelRunner.newValue(i));
            }
            if (!in.keySet().equals(new java.util.HashSet<>(wantIn))
                    || !out.keySet().equals(new java.util.HashSet<>(wantOut))) {
                throw new ModelException("model " + source + ": graph inputs/outputs " + in.keySet() + " -> "
                        + out.keySet() + " do not match its metadata (" + info.layers() + " layers)");
            }
        } catch (OrtException e) {
            throw new ModelException("model " + source + ": " + firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // already failing
        }
    }


    public ModelInfo info() {
        return info;
    }

    /** Where the model was loaded from (a path or a classpath resource). */
    public String source() {
        return source;
    }

    OrtEnvironment env() {
        return env;
    }

    OrtSession session() {
        return session;
    }

    /** The single-token graph, or null (then single tokens go through {@link #session()}). */
    OrtSession stepSession() {
        return stepSession;
    }

    /**
     * A runner with its own ring KV cache of {@code context + rollbackSlots} positions: it can roll back up to
     * {@code rollbackSlots} tokens without a re-prefill even when the window is full.
     */
    public ModelRunner newRunner(int rollbackSlots) throws ModelException {
        return new ModelRunner(this, info.context() + Math.max(0, rollbackSlots));
    }

    /** A runner with {@link ModelRunner#DEFAULT_ROLLBACK_SLOTS}. */
    public ModelRunner newRunner() throws ModelException {
        return newRunner(ModelRunner.DEFAULT_ROLLBACK_SLOTS);
    }

    @Override
    public void close() {
        closeQuietly(session);
        if (stepSession != null) {
            closeQuietly(stepSession);
        }
    }
}
