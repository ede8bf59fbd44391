package dev.llmops.core;

/**
 * The provider rejected the request as malformed or unsupported (HTTP 400, 404, 422 and other 4xx that
 * no other subtype names): an unknown model, a parameter the model does not accept, a bad schema.
 * Never retryable: the message carries the provider's explanation.
 *
 * <p>Immutable and thread-safe.
 */
public class InvalidRequestException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String provider, int statusCode, String errorCode, String message) {
        super(provider, statusCode, errorCode, false, null, message, null);
    }
}
