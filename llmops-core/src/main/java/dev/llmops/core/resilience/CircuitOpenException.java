package dev.llmops.core.resilience;

import dev.llmops.core.ProviderUnavailableException;
import java.time.Duration;

/**
 * A {@link CircuitBreaker} refused the call without sending it, because the provider behind it failed
 * repeatedly and the circuit is open (or half-open with its single probe already in flight).
 * {@link #retryAfter()} is the time left until the breaker lets a probe through.
 *
 * <p>It is a {@link ProviderUnavailableException}, so a {@link Fallback} treats it like any other outage and
 * answers from the next model. A {@link Retry} deliberately does <em>not</em> retry it by default: retrying an
 * open circuit would only hammer the breaker while the deadline runs out.
 *
 * <p>Immutable and thread-safe.
 */
public class CircuitOpenException extends ProviderUnavailableException {
    private static final long serialVersionUID = 1L;

    /** The error code every circuit-open rejection carries. */
    public static final String ERROR_CODE = "circuit_open";

    private final String circuit;

    /**
     * @param circuit    the breaker's name (usually the provider's name)
     * @param retryAfter the time left until a probe may pass; zero when a probe is already in flight
     * @param message    what happened and what to do
     */
    public CircuitOpenException(String circuit, Duration retryAfter, String message) {
        super(circuit, 0, ERROR_CODE, retryAfter, message, null);
        this.circuit = circuit;
    }

    /** The name of the breaker that refused the call. */
    public String circuit() {
        return circuit;
    }
}
