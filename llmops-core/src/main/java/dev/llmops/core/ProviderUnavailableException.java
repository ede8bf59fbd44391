package dev.llmops.core;

import java.time.Duration;

/**
 * The provider could not answer now: a 5xx or 529 (overloaded) status, a 408/409, a refused or reset
 * connection, or a timeout. Retryable.
 *
 * <p>Immutable and thread-safe.
 */
public class ProviderUnavailableException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /**
     * @param statusCode the HTTP status, or 0 when the connection failed before a response
     * @param retryAfter the provider's {@code Retry-After}, or {@code null}
     */
    public ProviderUnavailableException(String provider, int statusCode, String errorCode, Duration retryAfter,
            String message, Throwable cause) {
        super(provider, statusCode, errorCode, true, retryAfter, message, cause);
    }
}
