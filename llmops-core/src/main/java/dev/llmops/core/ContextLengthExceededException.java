package dev.llmops.core;

/**
 * The request does not fit the model's context window (OpenAI: HTTP 400 with code
 * {@code context_length_exceeded}). Never retryable as is: shorten the messages, lower
 * {@code maxTokens}, or choose a model with a longer context.
 *
 * <p>Immutable and thread-safe.
 */
public class ContextLengthExceededException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public ContextLengthExceededException(String provider, int statusCode, String errorCode, String message) {
        super(provider, statusCode, errorCode, false, null, message, null);
    }
}
