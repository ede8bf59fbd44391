package dev.llmops.core.resilience;

import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stacks the resilience interceptors around a model in the one order that makes each of them work as
 * documented, outermost first:
 *
 * <pre>
 * fallback -&gt; retry -&gt; circuit breaker -&gt; rate limiter -&gt; model
 * </pre>
 *
 * <ul>
 *   <li><b>rate limiter innermost</b>: every attempt a retry makes passes the budget again (a retry storm
 *       cannot overrun the provider's limits), and a call the breaker refuses spends no budget;
 *   <li><b>circuit breaker inside retry</b>: it sees each attempt, so consecutive failures are counted per
 *       request sent, not per retry sequence, and it opens while a retry is still under way;
 *   <li><b>retry outside the breaker</b>: once the circuit opens, the {@link CircuitOpenException} is not
 *       retried (see {@link Retry}), so the remaining attempts do not hammer a provider known to be down;
 *   <li><b>fallback outermost</b>: another model is asked only when the primary's retries are spent, its
 *       circuit is open, or its client-side budget is exhausted.
 * </ul>
 *
 * A wait for the rate limiter happens inside an attempt, so the retry's deadline can only count it once it
 * is over: bound it with {@link RateLimiter.Builder#maxWait(java.time.Duration)}. Parts not set are left out. Other interceptors (cache, cost, tracing) usually go outside this stack: add
 * {@link Builder#interceptors()} to your own {@link ChatPipeline.Builder} after them.
 *
 * <pre>{@code
 * ChatModel model = Resilience.builder(openAi)
 *         .rateLimiter(RateLimiter.builder().requestsPerMinute(500).tokensPerMinute(200_000).build())
 *         .circuitBreaker(CircuitBreaker.of("openai"))
 *         .retry(Retry.defaults())
 *         .fallback(Fallback.to(anthropic))
 *         .build();
 * // ChatPipeline[fallback -> retry -> circuitBreaker(openai) -> rateLimiter -> openai]
 * }</pre>
 *
 * <p>Immutable and thread-safe (stateless).
 */
public final class Resilience {
    private Resilience() {
    }

    /** Starts a stack around {@code model}. */
    public static Builder builder(ChatModel model) {
        return new Builder(model);
    }

    /**
     * {@code model} with {@link Retry#defaults()} and {@link CircuitBreaker#of(String) a breaker named
     * {@code circuit}}: the stack that needs no account-specific setting. Add a rate limiter and a fallback
     * with {@link #builder(ChatModel)}.
     */
    public static ChatPipeline defaults(ChatModel model, String circuit) {
        return builder(model).retry(Retry.defaults()).circuitBreaker(CircuitBreaker.of(circuit)).build();
    }

    /**
     * Collects the parts of a resilience stack; each is optional.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final ChatModel model;
        private Fallback fallback;
        private Retry retry;
        private CircuitBreaker circuitBreaker;
        private RateLimiter rateLimiter;

        private Builder(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The outermost part: other models to ask when the primary is down. */
        public Builder fallback(Fallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** Retries inside the fallback, around the breaker. */
        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** The breaker, seeing each attempt of the retry. */
        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
            return this;
        }

        /** The innermost part: the budget every attempt passes. */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /** The parts set, outermost first, to add to a pipeline of your own. */
        public List<ChatInterceptor> interceptors() {
            List<ChatInterceptor> stack = new ArrayList<>(4);
            for (ChatInterceptor part : new ChatInterceptor[] {fallback, retry, circuitBreaker, rateLimiter}) {
                if (part != null) {
                    stack.add(part);
                }
            }
            return List.copyOf(stack);
        }

        /** A pipeline of the parts set, in the documented order, around the model. */
        public ChatPipeline build() {
            ChatPipeline.Builder pipeline = ChatPipeline.builder(model);
            interceptors().forEach(pipeline::interceptor);
            return pipeline.build();
        }
    }
}
