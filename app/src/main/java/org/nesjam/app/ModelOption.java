package org.nesjam.app;

import java.nio.file.Path;
import org.nesjam.gen.model.ModelException;
import org.nesjam.gen.model.NesModel;

/** The {@code --model FILE} option shared by generate, eval and bench: a model file or the embedded default. */
final class ModelOption {
    static final String NAME = "model";

    private ModelOption() {
    }

    /** Loads {@code --model} (a .json or .onnx path) or the embedded default; failures are one-line {@link UserError}s. */
    static NesModel load(Args args) {
        String file = args.get(NAME, null);
        try {
            return file == null ? NesModel.loadDefault() : NesModel.load(Path.of(file));
        } catch (ModelException e) {
            throw new UserError(e.getMessage());
        }
    }
}
