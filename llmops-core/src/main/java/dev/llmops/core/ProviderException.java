package dev.llmops.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A model provider refused or failed a call. {@link #isRetryable()} tells a retry policy whether the same
 * request may succeed later; {@link #retryAfter()} carries the wait the provider asked for, if it asked.
 *
 * <p>Subtypes name the common cases: {@link AuthenticationException}, {@link RateLimitedException},
 * {@link ContextLengthExceededException}, {@link InvalidRequestException}, {@link ContentFilteredException},
 * {@link ProviderUnavailableException} and {@link ResponseParseException}.
 *
 * <p>Immutable and thread-safe.
 */
public class ProviderException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final int statusCode;
    private final boolean retryable;
    private final Duration retryAfter;
    private final String errorCode;

    /**
     * @param provider   the provider's name, e.g. {@code openai}
     * @param statusCode the HTTP status, or 0 when no response arrived
     * @param errorCode  the provider's machine-readable error code, or {@code null}
     * @param retryable  whether the same request may succeed later
     * @param retryAfter the wait the provider asked for, or {@code null}
     */
    public ProviderException(String provider, int statusCode, String errorCode, boolean retryable,
            Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** The provider's name, e.g. {@code openai}. */
    public String provider() {
        return provider;
    }

    /** The HTTP status code, or 0 when the call failed before a response arrived. */
    public int statusCode() {
        return statusCode;
    }

    /** The provider's machine-readable error code (OpenAI's {@code error.code}), if it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** Whether sending the same request again may succeed. */
    public boolean isRetryable() {
        return retryable;
    }

    /** How long the provider asked the caller to wait before trying again, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
