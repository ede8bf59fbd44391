package dev.llmops.core.resilience;

import dev.llmops.core.CallContext;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ProviderException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.resilience.internal.FirstEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries failed calls with exponential backoff and full jitter, within a number of attempts and a total
 * deadline.
 *
 * <p>What is retried: by default a {@link ProviderException} whose {@link ProviderException#isRetryable()} is
 * true (408, 409, 429, 5xx, refused connections, timeouts), except a {@link CircuitOpenException}: an open
 * circuit says the provider is down, so it goes straight to the caller (or a {@link Fallback}) instead of being
 * hammered. Other 4xx errors and exceptions that are not provider errors are never retried.
 *
 * <p>How long it waits before attempt {@code n + 1}: a uniformly random duration in
 * {@code [0, min(maxBackoff, initialBackoff * multiplier^(n-1))]} ("full jitter"), but at least the wait the
 * provider asked for ({@link RateLimitedException#suggestedWait()} for a 429, else
 * {@link ProviderException#retryAfter()}). When that wait would end after the deadline (measured from the
 * start of the first attempt), it fails at once with the last error rather than sleep past it. When the
 * waiting thread is interrupted it restores the interrupt flag and throws the last error.
 *
 * <p>Streams are retried only while no event has reached the caller: a failure on opening the stream or on
 * reading its first event is retried (the first event is read before {@code stream()} returns); after the
 * first event, errors reach the caller, who keeps the events already received.
 *
 * <p>Each call records {@value #RETRY_COUNT} (attempts made minus one, a {@code Long}) in its
 * {@link CallContext}. Every retry is logged at DEBUG with its wait and reason.
 *
 * <pre>{@code
 * Retry retry = Retry.builder().maxAttempts(4).deadline(Duration.ofSeconds(60)).build();
 * ChatModel model = ChatPipeline.builder(openAi).interceptor(retry).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class Retry implements ChatInterceptor {
    /** The {@link CallContext} attribute holding how many times a call was retried. */
    public static final String RETRY_COUNT = "retry.count";

    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final Duration deadline;
    private final Predicate<? super RuntimeException> retryOn;
    private final RandomGenerator random;
    private final Clock clock;
    private final Sleeper sleeper;

    private Retry(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.multiplier = builder.multiplier;
        this.deadline = builder.deadline;
        this.retryOn = builder.retryOn;
        this.random = builder.random;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
    }

    /** A retry with the defaults of {@link Builder}: 3 attempts, 500 ms doubling to 30 s, a 2-minute deadline. */
    public static Retry defaults() {
        return builder().build();
    }

    /** Starts a retry configuration with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default retry predicate: a retryable {@link ProviderException} that is not a
     * {@link CircuitOpenException}.
     */
    public static boolean isRetryableByDefault(RuntimeException error) {
        return error instanceof ProviderException provider && provider.isRetryable()
                && !(error instanceof CircuitOpenException);
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        return run(chain.context(), () -> chain.proceed(chain.request()));
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        return run(chain.context(), () -> FirstEvent.prefetch(chain.proceed(chain.request())));
    }

    @Override
    public String name() {
        return "retry";
    }

    private <T> T run(CallContext context, Supplier<T> attempt) {
        Instant start = clock.instant();
        Instant giveUpAt = start.plus(deadline);
        int attempts = 0;
        try {
            while (true) {
                attempts++;
                RuntimeException error;
                try {
                    return attempt.get();
                } catch (RuntimeException e) {
                    error = e;
                }
                if (attempts >= maxAttempts || !retryOn.test(error)) {
                    throw error;
                }
                Duration wait = waitBefore(attempts + 1, error);
                Instant now = clock.instant();
                if (now.plus(wait).isAfter(giveUpAt)) {
                    LOG.debug("not retrying {} after attempt {}: a wait of {} would pass the {} deadline",
                            context.callId(), attempts, wait, deadline);
                    throw error;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw error;
                }
                LOG.debug("retrying {} (attempt {} of {}) in {} after {}", context.callId(), attempts + 1,
                        maxAttempts, wait, reason(error));
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error.addSuppressed(e);
                    throw error;
                }
            }
        } finally {
            context.put(RETRY_COUNT, (long) attempts - 1);
        }
    }

    /** The wait before attempt {@code next} (2 or more): full jitter, but at least what the provider asked. */
    private Duration waitBefore(int next, RuntimeException error) {
        double exponential = initialBackoff.toMillis() * Math.pow(multiplier, next - 2);
        long capMillis = (long) Math.min(maxBackoff.toMillis(), exponential);
        RandomGenerator source = random != null ? random : ThreadLocalRandom.current();
        Duration jitter = Duration.ofMillis(capMillis <= 0 ? 0 : source.nextLong(capMillis + 1));
        Duration asked = providerWait(error).orElse(Duration.ZERO);
        return asked.compareTo(jitter) > 0 ? asked : jitter;
    }

    private static Optional<Duration> providerWait(RuntimeException error) {
        if (error instanceof RateLimitedException limited) {
            return limited.suggestedWait();
        }
        if (error instanceof ProviderException provider) {
            return provider.retryAfter();
        }
        return Optional.empty();
    }

    private static String reason(RuntimeException error) {
        if (error instanceof ProviderException provider) {
            return error.getClass().getSimpleName() + " from " + provider.provider() + " (status "
                    + provider.statusCode() + provider.errorCode().map(code -> ", " + code).orElse("") + ")";
        }
        return error.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "Retry[maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + " x"
                + multiplier + ", deadline=" + deadline + "]";
    }

    /**
     * Collects the settings of a {@link Retry}. Defaults: 3 attempts, initial backoff 500 ms, multiplier 2,
     * max backoff 30 s, deadline 2 minutes, {@link Retry#isRetryableByDefault}, a thread-local random source,
     * the system clock and {@link Sleeper#system()}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double multiplier = 2.0;
        private Duration deadline = Duration.ofMinutes(2);
        private Predicate<? super RuntimeException> retryOn = Retry::isRetryableByDefault;
        private RandomGenerator random;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /** How many attempts in all, the first included; 1 disables retrying. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts " + maxAttempts
                        + " is less than 1: give the total number of attempts, e.g. 3 (1 means no retry)");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The backoff cap before the second attempt; later caps grow by the multiplier. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = positive(initialBackoff, "initialBackoff", "e.g. Duration.ofMillis(500)");
            return this;
        }

        /** The largest backoff cap, however many attempts were made. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive(maxBackoff, "maxBackoff", "e.g. Duration.ofSeconds(30)");
            return this;
        }

        /** How much the backoff cap grows per attempt; at least 1. */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier " + multiplier
                        + " is not a finite number >= 1: use 2 to double the backoff cap per attempt");
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * The most time all attempts and waits may take together, from the start of the first attempt. A wait
         * that would end after it is not taken: the last error is thrown instead.
         */
        public Builder deadline(Duration deadline) {
            this.deadline = positive(deadline, "deadline", "e.g. Duration.ofMinutes(2)");
            return this;
        }

        /** Which errors to retry; {@link Retry#isRetryableByDefault} by default. */
        public Builder retryOn(Predicate<? super RuntimeException> retryOn) {
            this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
            return this;
        }

        /** The source of the jitter; must be thread-safe (e.g. {@link Random}). Tests pass a seeded one. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Jitter from {@code new Random(seed)}: the same waits on every run. */
        public Builder seed(long seed) {
            return random(new Random(seed));
        }

        /** The clock measuring the deadline; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How waits are taken; {@link Sleeper#system()} by default. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Retry build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is less than initialBackoff "
                        + initialBackoff + ": raise maxBackoff or lower initialBackoff");
            }
            return new Retry(this);
        }

        static Duration positive(Duration duration, String name, String example) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " " + duration + " is not positive: give a positive duration, "
                        + example);
            }
            return duration;
        }
    }
}
