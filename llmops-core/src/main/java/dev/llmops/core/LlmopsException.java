package dev.llmops.core;

/**
 * The root of every exception llmops throws. All llmops exceptions are unchecked; the subtype says who
 * must act (the caller, the operator, or nobody because a retry will do).
 *
 * <p>Immutable and thread-safe.
 */
public class LlmopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LlmopsException(String message) {
        super(message);
    }

    public LlmopsException(String message, Throwable cause) {
        super(message, cause);
    }
}
