package dev.llmops.core.resilience;

import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ProviderException;
import dev.llmops.core.internal.ObservingChatStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a provider that keeps failing, so callers fail fast (or a {@link Fallback} answers) instead of
 * waiting on timeouts, and the provider gets time to recover.
 *
 * <p>One breaker guards one circuit, named at construction, usually after the provider it protects: put one
 * breaker in each provider's pipeline. Its states:
 * <ul>
 *   <li>{@link State#CLOSED}: calls pass. The circuit opens after {@code failureThreshold} <em>consecutive</em>
 *       failures (a consecutive count, not a failure rate over a window: it needs no window tuning and reacts
 *       within a known number of calls).
 *   <li>{@link State#OPEN}: calls are refused at once with a {@link CircuitOpenException} carrying the time left,
 *       without reaching the model, for {@code openDuration}.
 *   <li>{@link State#HALF_OPEN}: after the open duration, exactly one call (the probe) passes; concurrent calls
 *       are refused. A successful probe closes the circuit, a failed one re-opens it for another open duration.
 * </ul>
 *
 * <p>What counts: a <b>failure</b> is an error matching {@link Builder#failureOn(Predicate)}, by default a
 * retryable {@link ProviderException} (5xx, 429, timeouts, refused connections); a <b>success</b> is a response,
 * or a non-retryable provider error such as a 400 or 401 (the provider answered, so it is up). Anything else
 * (a {@link CircuitOpenException} from a breaker further in, a client-side {@link RateLimitExceededException},
 * a bug, a stream closed before it completed) counts as neither, and frees the probe slot when it ends a probe.
 * A stream's outcome is known when it completes or fails; a probe stream holds the slot until then, so close
 * streams you abandon.
 *
 * <p>Transitions are logged at INFO, reported to the {@linkplain Builder#listener(Listener) listener} and
 * visible through {@link #state()}. Time comes from an injected {@link Clock}.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.builder("openai")
 *         .failureThreshold(5).openDuration(Duration.ofSeconds(30))
 *         .listener((circuit, from, to) -> metrics.gauge("circuit." + circuit, to.ordinal()))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe; create one per provider and share it.
 */
public final class CircuitBreaker implements ChatInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** The state of a circuit. Immutable and thread-safe. */
    public enum State {
        /** Calls pass; consecutive failures are counted. */
        CLOSED,
        /** Calls are refused until the open duration has passed. */
        OPEN,
        /** One probe call passes; its outcome closes or re-opens the circuit. */
        HALF_OPEN
    }

    /**
     * Told of every state change, after it happened, on the thread whose call caused it. Must not block; an
     * exception it throws is logged and ignored.
     *
     * <p>Implementations are thread-safe.
     */
    @FunctionalInterface
    public interface Listener {
        /** The circuit {@code circuit} went from {@code from} to {@code to}. */
        void onStateChange(String circuit, State from, State to);
    }

    private enum Outcome { SUCCESS, FAILURE, NEITHER }

    private final String circuit;
    private final int failureThreshold;
    private final Duration openDuration;
    private final Predicate<? super RuntimeException> failureOn;
    private final Clock clock;
    private final Listener listener;

    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;

    private CircuitBreaker(Builder builder) {
        this.circuit = builder.circuit;
        this.failureThreshold = builder.failureThreshold;
        this.openDuration = builder.openDuration;
        this.failureOn = builder.failureOn;
        this.clock = builder.clock;
        this.listener = builder.listener;
    }

    /** A breaker named {@code circuit} with the defaults of {@link Builder}: 5 failures, open for 30 s. */
    public static CircuitBreaker of(String circuit) {
        return builder(circuit).build();
    }

    /** Starts a breaker named {@code circuit}, usually the provider's name (e.g. {@code openai}). */
    public static Builder builder(String circuit) {
        return new Builder(circuit);
    }

    /**
     * The default failure predicate: a retryable {@link ProviderException} that is not a
     * {@link CircuitOpenException}.
     */
    public static boolean isFailureByDefault(RuntimeException error) {
        return Retry.isRetryableByDefault(error);
    }

    /** The circuit's name. */
    public String circuit() {
        return circuit;
    }

    /**
     * The current state. An open circuit whose open duration has passed reports (and becomes)
     * {@link State#HALF_OPEN}.
     */
    public State state() {
        Transition transition = null;
        lock.lock();
        try {
            if (state == State.OPEN && remainingOpen().isZero()) {
                transition = move(State.HALF_OPEN);
            }
            return state;
        } finally {
            lock.unlock();
            notifyListener(transition);
        }
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        boolean probe = acquire();
        ChatResponse response = recordingFailure(probe, () -> chain.proceed(chain.request()));
        record(probe, Outcome.SUCCESS);
        return response;
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        boolean probe = acquire();
        ChatStream stream = recordingFailure(probe, () -> chain.proceed(chain.request()));
        return new ObservingChatStream(stream, response -> record(probe, Outcome.SUCCESS),
                error -> record(probe, classify(error)));
    }

    @Override
    public String name() {
        return "circuitBreaker(" + circuit + ")";
    }

    /** Runs the call, recording its error (if it throws one) before rethrowing it. */
    private <T> T recordingFailure(boolean probe, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            record(probe, classify(e));
            throw e;
        }
    }

    /** Lets the call pass or refuses it; returns whether it is the half-open probe. */
    private boolean acquire() {
        Transition transition = null;
        lock.lock();
        try {
            if (state == State.OPEN) {
                Duration left = remainingOpen();
                if (!left.isZero()) {
                    throw new CircuitOpenException(circuit, left, "circuit '" + circuit + "' is open after "
                            + failureThreshold + " consecutive failures: calls are refused for another " + left
                            + ", then one probe is let through; wait, or add a Fallback to answer meanwhile");
                }
                transition = move(State.HALF_OPEN);
            }
            if (state == State.HALF_OPEN) {
                if (probeInFlight) {
                    throw new CircuitOpenException(circuit, null, "circuit '" + circuit + "' is half-open and its"
                            + " single probe call is in flight: this call is refused until the probe closes the"
                            + " circuit; wait, or add a Fallback to answer meanwhile");
                }
                probeInFlight = true;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
            notifyListener(transition);
        }
    }

    private void record(boolean probe, Outcome outcome) {
        Transition transition = null;
        lock.lock();
        try {
            if (probe) {
                probeInFlight = false;
                if (outcome == Outcome.SUCCESS) {
                    consecutiveFailures = 0;
                    transition = move(State.CLOSED);
                } else if (outcome == Outcome.FAILURE) {
                    openedAt = clock.instant();
                    transition = move(State.OPEN);
                }
            } else if (state == State.CLOSED) {
                if (outcome == Outcome.SUCCESS) {
                    consecutiveFailures = 0;
                } else if (outcome == Outcome.FAILURE && ++consecutiveFailures >= failureThreshold) {
                    openedAt = clock.instant();
                    transition = move(State.OPEN);
                }
            }
        } finally {
            lock.unlock();
            notifyListener(transition);
        }
    }

    private Outcome classify(RuntimeException error) {
        if (error instanceof CircuitOpenException) {
            return Outcome.NEITHER;
        }
        if (failureOn.test(error)) {
            return Outcome.FAILURE;
        }
        return error instanceof ProviderException ? Outcome.SUCCESS : Outcome.NEITHER;
    }

    /** Time left in the open state; zero when it has passed. Call under the lock. */
    private Duration remainingOpen() {
        Duration left = openDuration.minus(Duration.between(openedAt, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Changes the state; call under the lock. Returns the transition to report, or null if none. */
    private Transition move(State to) {
        State from = state;
        if (from == to) {
            return null;
        }
        state = to;
        if (to == State.CLOSED) {
            consecutiveFailures = 0;
        }
        return new Transition(from, to);
    }

    private void notifyListener(Transition transition) {
        if (transition == null) {
            return;
        }
        LOG.info("circuit '{}' went from {} to {}", circuit, transition.from, transition.to);
        try {
            listener.onStateChange(circuit, transition.from, transition.to);
        } catch (RuntimeException e) {
            LOG.warn("circuit breaker listener {} failed on {} -> {} of '{}'; the call goes on", listener,
                    transition.from, transition.to, circuit, e);
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + circuit + ", failureThreshold=" + failureThreshold + ", openDuration="
                + openDuration + "]";
    }

    private record Transition(State from, State to) {
    }

    /**
     * Collects the settings of a {@link CircuitBreaker}. Defaults: 5 consecutive failures open the circuit
     * for 30 s, {@link CircuitBreaker#isFailureByDefault}, the system clock, no listener.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final String circuit;
        private int failureThreshold = 5;
        private Duration openDuration = Duration.ofSeconds(30);
        private Predicate<? super RuntimeException> failureOn = CircuitBreaker::isFailureByDefault;
        private Clock clock = Clock.systemUTC();
        private Listener listener = (circuit, from, to) -> { };

        private Builder(String circuit) {
            Objects.requireNonNull(circuit, "circuit");
            if (circuit.isBlank()) {
                throw new IllegalArgumentException("circuit name is blank: name it after the provider it guards, e.g. \"openai\"");
            }
            this.circuit = circuit;
        }

        /** How many consecutive failures open the circuit. */
        public Builder failureThreshold(int failureThreshold) {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold " + failureThreshold
                        + " is less than 1: give the number of consecutive failures that open the circuit, e.g. 5");
            }
            this.failureThreshold = failureThreshold;
            return this;
        }

        /** How long an open circuit refuses calls before letting a probe through. */
        public Builder openDuration(Duration openDuration) {
            this.openDuration = Retry.Builder.positive(openDuration, "openDuration", "e.g. Duration.ofSeconds(30)");
            return this;
        }

        /** Which errors count as failures; {@link CircuitBreaker#isFailureByDefault} by default. */
        public Builder failureOn(Predicate<? super RuntimeException> failureOn) {
            this.failureOn = Objects.requireNonNull(failureOn, "failureOn");
            return this;
        }

        /** The clock timing the open state; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Told of every state change. */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public CircuitBreaker build() {
            return new CircuitBreaker(this);
        }
    }
}
