package org.nesjam.app.cli;

import java.nio.file.Path;
import org.nesjam.app.UserError;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.NesModel;
import picocli.CommandLine.Option;

/** {@code --model FILE} of generate, eval, jam and the generator benchmarks: a model file or the embedded default. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", description = "model (.json or .onnx; default: the shipped one)")
    String file;

    /** Loads the model; failures are one-line {@link UserError}s. */
    public NesModel load() {
        try {
            return file == null ? NesModel.loadDefault() : NesModel.load(Path.of(file));
        } catch (ModelException e) {
            throw new UserError(e.getMessage());
        }
    }
}
