package dev.llmops.core.guard;

import dev.llmops.core.LlmopsException;

/**
 * An {@link InputTokenGuard} refused a request before it was sent: its estimated input tokens exceed the limit.
 * The caller must act: shorten the conversation (drop old turns, summarise, retrieve less context) or raise the
 * limit.
 *
 * <p>Immutable and thread-safe.
 */
public class InputTooLargeException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    private final long estimatedTokens;
    private final long limit;

    /**
     * @param model           the model the request was for, or {@code null} for the configured default
     * @param estimatedTokens the estimated input tokens of the request
     * @param limit           the most input tokens allowed
     */
    public InputTooLargeException(String model, long estimatedTokens, long limit) {
        super("request" + (model != null ? " to model " + model : "") + " is estimated at " + estimatedTokens
                + " input tokens, over the limit of " + limit + ": shorten the conversation or the context it carries, "
                + "or raise the limit of the InputTokenGuard");
        this.estimatedTokens = estimatedTokens;
        this.limit = limit;
    }

    /** The estimated input tokens of the refused request. */
    public long estimatedTokens() {
        return estimatedTokens;
    }

    /** The most input tokens the guard allows. */
    public long limit() {
        return limit;
    }
}
