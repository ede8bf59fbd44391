package dev.llmops.rag;

/**
 * A local model or tokenizer could not be loaded: its resource is missing from the classpath, unreadable, or
 * not in the expected format. The operator must act (add the model's Maven dependency, fix the path).
 *
 * <p>Immutable and thread-safe.
 */
public class ModelLoadException extends RagException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
