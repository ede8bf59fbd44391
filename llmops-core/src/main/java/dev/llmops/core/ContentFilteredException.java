package dev.llmops.core;

/**
 * The provider's content filter blocked the prompt or the completion (OpenAI/Azure
 * {@code content_filter}, Gemini safety blocks). Not retryable with the same input.
 *
 * <p>Immutable and thread-safe.
 */
public class ContentFilteredException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public ContentFilteredException(String provider, int statusCode, String errorCode, String message) {
        super(provider, statusCode, errorCode, false, null, message, null);
    }
}
