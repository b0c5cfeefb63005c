package org.nesjam.gen.model;

/**
 * A model that cannot be used: missing or corrupt files, a checksum or vocabulary mismatch, a graph that does not
 * match its metadata, or an ONNX Runtime failure. The message is one line meant for the user.
 */
public final class ModelException extends Exception {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
