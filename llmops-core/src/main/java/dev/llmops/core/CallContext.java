package dev.llmops.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The facts of one call through a {@link ChatPipeline}, shared by its interceptors and listeners:
 * a call id, when it started, and attributes that interceptors set for listeners to read (a retry
 * interceptor sets {@code retry.count}, a cache sets {@code cache.hit}).
 *
 * <p>Thread-safe.
 */
public final class CallContext {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String callId;
    private final Instant startedAt;
    private final boolean streaming;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    CallContext(Instant startedAt, boolean streaming) {
        this.callId = "call-" + SEQUENCE.incrementAndGet();
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.streaming = streaming;
    }

    /** A context for a call outside a pipeline, e.g. in an interceptor's unit test. */
    public static CallContext create(Instant startedAt, boolean streaming) {
        return new CallContext(startedAt, streaming);
    }

    /** An id unique within this JVM, e.g. {@code call-42}. */
    public String callId() {
        return callId;
    }

    /** When the call entered the pipeline. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Whether the call streams its answer. */
    public boolean streaming() {
        return streaming;
    }

    /** Sets an attribute, replacing any earlier value. */
    public void put(String name, Object value) {
        attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    }

    /** The attribute named {@code name}, if it has the given type. */
    public <T> Optional<T> get(String name, Class<T> type) {
        Object value = attributes.get(name);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    /** Adds {@code delta} to a numeric attribute (absent counts as 0) and returns the new value. */
    public long increment(String name, long delta) {
        return (Long) attributes.merge(Objects.requireNonNull(name, "name"), delta,
                (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
    }

    /** A snapshot of every attribute. */
    public Map<String, Object> attributes() {
        return Map.copyOf(attributes);
    }

    @Override
    public String toString() {
        return "CallContext[" + callId + ", " + attributes + "]";
    }
}
