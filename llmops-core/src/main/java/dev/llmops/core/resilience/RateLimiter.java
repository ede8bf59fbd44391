package dev.llmops.core.resilience;

import dev.llmops.core.TokenEstimator;
import dev.llmops.core.CallContext;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.ObservingChatStream;
import dev.llmops.core.resilience.RateLimitExceededException.Limit;
import dev.llmops.core.resilience.internal.Allowance;
import dev.llmops.core.resilience.internal.SlidingWindow;
import dev.llmops.core.resilience.internal.TokenBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client-side rate limit per model (the key is the request's model id, {@value #DEFAULT_KEY} when it names
 * none): a requests-per-minute and/or a tokens-per-minute token bucket, each holding a minute's budget and
 * refilling continuously (10 requests per minute: after a burst of 10, one more every 6 s); or, with
 * {@link Builder#slidingWindow(boolean) slidingWindow(true)}, a strict sliding minute that never grants more
 * than the limit within any 60 seconds.
 *
 * <p>Before each call it estimates the call's tokens with a {@link TokenEstimator} (by default
 * {@link TokenEstimator#defaults()}) plus the request's {@code maxTokens} for the output (0 when unset), and
 * reserves one request and that many tokens. After the call it
 * reconciles the estimate with the {@link Usage} the response reports, refunding or charging the difference
 * (a stream reconciles when its completed event is read). A call that fails, or a response that reports no
 * usage at all, keeps its estimate charged: the provider may well have counted it.
 *
 * <p>Callers wait fairly, first come first served: each call reserves its budget in arrival order (under a
 * fair lock) and then waits, outside any lock, until its reservation comes due, so a small request never
 * overtakes a larger one that arrived earlier. The wait blocks the calling thread; that is cheap on virtual
 * threads. A call whose wait would exceed {@linkplain Builder#maxWait(Duration) the maximum wait} reserves
 * nothing and fails at once with a {@link RateLimitExceededException} naming the limit and the wait; so does a
 * request that alone needs more tokens than the tokens-per-minute budget holds.
 *
 * <p>Each call adds the time it waited to the {@link CallContext} attribute {@value #WAITED}
 * (a {@link Duration}). Time is read from an injected {@link Clock} and waits go through an injected
 * {@link Sleeper}, so tests are fast and exact.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder()
 *         .requestsPerMinute(500).tokensPerMinute(200_000)
 *         .limit("gpt-4o", 100, 30_000)          // a tighter budget for one model
 *         .maxWait(Duration.ofSeconds(20))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe; create one and share it (the budgets live in the instance).
 */
public final class RateLimiter implements ChatInterceptor {
    /** The key of requests that name no model. */
    public static final String DEFAULT_KEY = "default";
    /** The {@link CallContext} attribute holding the total time a call waited for its budget. */
    public static final String WAITED = "ratelimit.waited";

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    private final Limits defaultLimits;
    private final Map<String, Limits> modelLimits;
    private final Duration maxWait;
    private final boolean slidingWindow;
    private final TokenEstimator estimator;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Instant origin;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    private RateLimiter(Builder builder) {
        this.defaultLimits = new Limits(builder.requestsPerMinute, builder.tokensPerMinute);
        this.modelLimits = Map.copyOf(builder.modelLimits);
        this.maxWait = builder.maxWait;
        this.slidingWindow = builder.slidingWindow;
        this.estimator = builder.estimator;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
        this.origin = clock.instant();
    }

    /** The tokens reserved for {@code request}: its estimated input plus its {@code maxTokens} (0 when unset). */
    long estimatedTokens(ChatRequest request) {
        Integer maxTokens = request.options().maxTokens();
        return Math.max(0, estimator.inputTokens(request)) + (maxTokens == null ? 0 : maxTokens);
    }

    /** Starts a rate limit configuration; set at least one of the two budgets. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        Reservation reservation = acquire(chain.request(), chain.context());
        ChatResponse response = chain.proceed(chain.request());
        reservation.reconcile(response.usage());
        return response;
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        Reservation reservation = acquire(chain.request(), chain.context());
        ChatStream stream = chain.proceed(chain.request());
        return new ObservingChatStream(stream, response -> reservation.reconcile(response.usage()), error -> { });
    }

    @Override
    public String name() {
        return "rateLimiter";
    }

    private Reservation acquire(ChatRequest request, CallContext context) {
        String key = request.options().model() != null ? request.options().model() : DEFAULT_KEY;
        Budget budget = budgets.computeIfAbsent(key, k -> new Budget(k, modelLimits.getOrDefault(k, defaultLimits), now()));
        long tokens = budget.tokens == null ? 0 : estimatedTokens(request);
        long waitMicros = budget.reserve(tokens);
        Reservation reservation = new Reservation(budget, tokens);
        if (waitMicros > 0) {
            Duration wait = Duration.of(waitMicros, ChronoUnit.MICROS);
            LOG.debug("rate limit for model {}: {} waits {} for 1 request and {} estimated tokens",
                    key, context.callId(), wait, tokens);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                budget.release(tokens);
                throw new LlmopsException("interrupted while waiting " + wait + " for the rate limit of model " + key
                        + "; the call was not sent", e);
            }
            Duration before = context.get(WAITED, Duration.class).orElse(Duration.ZERO);
            context.put(WAITED, before.plus(wait));
        }
        return reservation;
    }

    private Allowance allowance(long perMinute, long now) {
        return slidingWindow ? new SlidingWindow(perMinute) : new TokenBucket(perMinute, now);
    }

    /** Microseconds since this limiter was built, on the injected clock. */
    private long now() {
        return ChronoUnit.MICROS.between(origin, clock.instant());
    }

    @Override
    public String toString() {
        return "RateLimiter[" + defaultLimits + (modelLimits.isEmpty() ? "" : ", per model " + modelLimits)
                + (slidingWindow ? ", sliding window" : "") + ", maxWait=" + maxWait + "]";
    }

    /** @param requestsPerMinute null for no request limit; @param tokensPerMinute null for no token limit */
    private record Limits(Long requestsPerMinute, Long tokensPerMinute) {
        @Override
        public String toString() {
            return (requestsPerMinute == null ? "" : requestsPerMinute + " requests/min")
                    + (requestsPerMinute != null && tokensPerMinute != null ? ", " : "")
                    + (tokensPerMinute == null ? "" : tokensPerMinute + " tokens/min");
        }
    }

    /** The buckets of one model, guarded by a fair lock so reservations are made in arrival order. */
    private final class Budget {
        private final String key;
        private final ReentrantLock lock = new ReentrantLock(true);
        private final Allowance requests;
        private final Allowance tokens;

        Budget(String key, Limits limits, long now) {
            this.key = key;
            this.requests = limits.requestsPerMinute() == null ? null : allowance(limits.requestsPerMinute(), now);
            this.tokens = limits.tokensPerMinute() == null ? null : allowance(limits.tokensPerMinute(), now);
        }

        /** Reserves one request and {@code count} tokens; returns the microseconds until they are due. */
        long reserve(long count) {
            if (tokens != null && count > tokens.capacity()) {
                throw new RateLimitExceededException(Limit.TOKENS_PER_MINUTE, key, null, "request for model " + key
                        + " needs an estimated " + count + " tokens, more than its whole budget of "
                        + tokens.capacity() + " tokens per minute, so it can never be sent: shorten the conversation,"
                        + " lower maxTokens, or raise tokensPerMinute");
            }
            lock.lock();
            try {
                long now = now();
                long requestWait = requests == null ? 0 : requests.microsUntil(1, now);
                long tokenWait = tokens == null ? 0 : tokens.microsUntil(count, now);
                long wait = Math.max(requestWait, tokenWait);
                if (wait > maxWait.toNanos() / 1000) {
                    Limit limit = requestWait >= tokenWait ? Limit.REQUESTS_PER_MINUTE : Limit.TOKENS_PER_MINUTE;
                    Duration wouldWait = Duration.of(wait, ChronoUnit.MICROS);
                    throw new RateLimitExceededException(limit, key, wouldWait, "rate limit "
                            + (limit == Limit.REQUESTS_PER_MINUTE ? requests.capacity() + " requests per minute"
                                    : tokens.capacity() + " tokens per minute")
                            + " of model " + key + " would make this call wait " + wouldWait + ", longer than maxWait "
                            + maxWait + "; the call was not sent: slow down, raise the limit, or raise maxWait");
                }
                if (requests != null) {
                    requests.take(1, now, now + wait);
                }
                if (tokens != null) {
                    tokens.take(count, now, now + wait);
                }
                return wait;
            } finally {
                lock.unlock();
            }
        }

        /** Gives back a reservation that was not used. */
        void release(long count) {
            lock.lock();
            try {
                long now = now();
                if (requests != null) {
                    requests.give(1, now);
                }
                if (tokens != null) {
                    tokens.give(count, now);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Charges {@code delta} more tokens, or refunds them when negative. */
        void adjustTokens(long delta) {
            if (tokens == null || delta == 0) {
                return;
            }
            lock.lock();
            try {
                long now = now();
                if (delta > 0) {
                    tokens.take(delta, now, now);
                } else {
                    tokens.give(-delta, now);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** One call's reserved tokens, reconciled once with the usage its response reports. */
    private static final class Reservation {
        private final Budget budget;
        private final long estimated;

        Reservation(Budget budget, long estimated) {
            this.budget = budget;
            this.estimated = estimated;
        }

        void reconcile(Usage usage) {
            if (usage.equals(Usage.ZERO)) {
                return;
            }
            budget.adjustTokens(usage.totalTokens() - estimated);
        }
    }

    /**
     * Collects the budgets of a {@link RateLimiter}. Defaults: no budget (set at least one), a maximum wait of
     * 30 s, {@link TokenEstimator#defaults()}, the system clock and {@link Sleeper#system()}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private Long requestsPerMinute;
        private Long tokensPerMinute;
        private final Map<String, Limits> modelLimits = new HashMap<>();
        private Duration maxWait = Duration.ofSeconds(30);
        private boolean slidingWindow;
        private TokenEstimator estimator = TokenEstimator.defaults();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /** The requests each model may receive per minute. */
        public Builder requestsPerMinute(long requestsPerMinute) {
            this.requestsPerMinute = perMinute(requestsPerMinute, "requestsPerMinute", "500");
            return this;
        }

        /** The tokens (input plus output) each model may consume per minute. */
        public Builder tokensPerMinute(long tokensPerMinute) {
            this.tokensPerMinute = perMinute(tokensPerMinute, "tokensPerMinute", "200000");
            return this;
        }

        /** Budgets for one model instead of the defaults above. */
        public Builder limit(String model, long requestsPerMinute, long tokensPerMinute) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model is blank: name the model id the budget applies to, e.g. \"gpt-4o\"");
            }
            modelLimits.put(model, new Limits(perMinute(requestsPerMinute, "requestsPerMinute", "500"),
                    perMinute(tokensPerMinute, "tokensPerMinute", "200000")));
            return this;
        }

        /**
         * Counts each limit over a strict sliding minute instead of a continuously refilling bucket: no
         * 60-second window ever holds more requests (or tokens) than the limit, at the price of burstier waits
         * (after a burst of 10 at a limit of 10 per minute, the 11th call waits a whole minute, not 6 s). Use it
         * when the provider counts per minute strictly, or when you must prove a ceiling. Tokens a call used
         * less than estimated are not given back in this mode. Off by default.
         */
        public Builder slidingWindow(boolean slidingWindow) {
            this.slidingWindow = slidingWindow;
            return this;
        }

        /** The longest a call may wait for its budget before failing; zero fails instead of waiting. */
        public Builder maxWait(Duration maxWait) {
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait " + maxWait + " is negative: give zero (never wait) or a positive duration");
            }
            this.maxWait = maxWait;
            return this;
        }

        /**
         * How a request's input tokens are estimated before the call ({@link TokenEstimator#defaults()} by
         * default); the request's {@code maxTokens} is added for the output.
         */
        public Builder tokenEstimator(TokenEstimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /** The clock the buckets refill by; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How waits are taken; {@link Sleeper#system()} by default. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public RateLimiter build() {
            if (requestsPerMinute == null && tokensPerMinute == null && modelLimits.isEmpty()) {
                throw new IllegalStateException("no budget set: call requestsPerMinute(..), tokensPerMinute(..) or "
                        + "limit(model, ..) before build()");
            }
            return new RateLimiter(this);
        }

        private static Long perMinute(long value, String name, String example) {
            if (value < 1 || value > TokenBucket.MAX_CAPACITY) {
                throw new IllegalArgumentException(name + " " + value + " is outside [1, " + TokenBucket.MAX_CAPACITY
                        + "]: give the provider's per-minute limit for your account, e.g. " + example);
            }
            return value;
        }
    }
}
