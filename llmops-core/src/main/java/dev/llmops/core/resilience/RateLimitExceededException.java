package dev.llmops.core.resilience;

import dev.llmops.core.LlmopsException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RateLimiter} refused a call before sending it: the client-side budget of its model would not allow
 * it within the configured maximum wait, or the request alone needs more tokens than the budget holds. Nothing
 * was sent to the provider. The message names the limit, the model, and how long the call would have waited.
 *
 * <p>Immutable and thread-safe.
 */
public class RateLimitExceededException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    /** Which budget refused the call. Immutable and thread-safe. */
    public enum Limit {
        /** The requests-per-minute budget. */
        REQUESTS_PER_MINUTE,
        /** The tokens-per-minute budget. */
        TOKENS_PER_MINUTE
    }

    private final Limit limit;
    private final String model;
    private final Duration wouldWait;

    /**
     * @param limit     the budget that refused the call
     * @param model     the model key whose budget it is
     * @param wouldWait how long the call would have had to wait, or {@code null} when it can never fit
     * @param message   what happened and what to do
     */
    public RateLimitExceededException(Limit limit, String model, Duration wouldWait, String message) {
        super(message);
        this.limit = Objects.requireNonNull(limit, "limit");
        this.model = Objects.requireNonNull(model, "model");
        this.wouldWait = wouldWait;
    }

    /** The budget that refused the call. */
    public Limit limit() {
        return limit;
    }

    /** The model whose budget it is (the limiter's key). */
    public String model() {
        return model;
    }

    /** How long the call would have waited; empty when the request alone exceeds the budget's capacity. */
    public Optional<Duration> wouldWait() {
        return Optional.ofNullable(wouldWait);
    }
}
