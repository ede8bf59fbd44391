package dev.llmops.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider rate-limited the call (HTTP 429). Carries the wait the provider asked for: the
 * {@code Retry-After} header (seconds or an HTTP date), or, where the provider sends them, the
 * {@code x-ratelimit-reset-requests} and {@code x-ratelimit-reset-tokens} durations.
 *
 * <p>Immutable and thread-safe.
 */
public class RateLimitedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final Duration resetRequests;
    private final Duration resetTokens;

    /**
     * @param retryAfter    the parsed {@code Retry-After}, or {@code null} when absent
     * @param resetRequests the parsed {@code x-ratelimit-reset-requests}, or {@code null}
     * @param resetTokens   the parsed {@code x-ratelimit-reset-tokens}, or {@code null}
     */
    public RateLimitedException(String provider, String errorCode, Duration retryAfter, Duration resetRequests,
            Duration resetTokens, String message) {
        super(provider, 429, errorCode, true, retryAfter, message, null);
        this.resetRequests = resetRequests;
        this.resetTokens = resetTokens;
    }

    /** When the request-count window resets, per the provider's {@code x-ratelimit-reset-requests}. */
    public Optional<Duration> resetRequests() {
        return Optional.ofNullable(resetRequests);
    }

    /** When the token window resets, per the provider's {@code x-ratelimit-reset-tokens}. */
    public Optional<Duration> resetTokens() {
        return Optional.ofNullable(resetTokens);
    }

    /**
     * The wait to honour before retrying: {@code Retry-After} when sent, else the longer of the two reset
     * durations, else empty.
     */
    public Optional<Duration> suggestedWait() {
        if (retryAfter().isPresent()) {
            return retryAfter();
        }
        if (resetRequests == null) {
            return Optional.ofNullable(resetTokens);
        }
        if (resetTokens == null) {
            return Optional.of(resetRequests);
        }
        return Optional.of(resetRequests.compareTo(resetTokens) >= 0 ? resetRequests : resetTokens);
    }
}
