package dev.llmops.core.guard;

import dev.llmops.core.TokenEstimator;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import java.util.Objects;

/**
 * Refuses a request whose estimated input tokens exceed a limit, before it is sent, with an
 * {@link InputTooLargeException} naming the estimate and the limit. It protects budgets and keeps over-long
 * conversations from reaching a provider that would reject them after the network round trip.
 *
 * <pre>{@code
 * ChatModel model = ChatPipeline.builder(openAi).interceptor(InputTokenGuard.of(8_000)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class InputTokenGuard implements ChatInterceptor {
    private final long maxInputTokens;
    private final TokenEstimator estimator;

    private InputTokenGuard(long maxInputTokens, TokenEstimator estimator) {
        if (maxInputTokens <= 0) {
            throw new IllegalArgumentException("maxInputTokens " + maxInputTokens
                    + " is not positive: give the most input tokens a request may use, e.g. 8000");
        }
        this.maxInputTokens = maxInputTokens;
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    /** A guard allowing at most {@code maxInputTokens}, estimated with {@link TokenEstimator#defaults()}. */
    public static InputTokenGuard of(long maxInputTokens) {
        return new InputTokenGuard(maxInputTokens, TokenEstimator.defaults());
    }

    /** This guard estimating with {@code estimator}. */
    public InputTokenGuard withEstimator(TokenEstimator estimator) {
        return new InputTokenGuard(maxInputTokens, estimator);
    }

    /** The most input tokens a request may use. */
    public long maxInputTokens() {
        return maxInputTokens;
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        check(chain.request());
        return chain.proceed(chain.request());
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        check(chain.request());
        return chain.proceed(chain.request());
    }

    private void check(ChatRequest request) {
        long estimate = estimator.inputTokens(request);
        if (estimate > maxInputTokens) {
            throw new InputTooLargeException(request.options().model(), estimate, maxInputTokens);
        }
    }

    @Override
    public String name() {
        return "input-token-guard";
    }

    @Override
    public String toString() {
        return "InputTokenGuard[max " + maxInputTokens + " tokens]";
    }
}
