package dev.llmops.core.observe;

import dev.llmops.core.CallContext;
import dev.llmops.core.ChatRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link CallContext} attribute names that interceptors set and the listeners of this package read, and
 * the small readers both listeners share.
 *
 * <p>Immutable and thread-safe (stateless).
 */
public final class CallAttributes {
    /** How many times a retry interceptor re-sent the call ({@code Long} or any {@code Number}). */
    public static final String RETRY_COUNT = "retry.count";
    /** Whether a cache answered the call ({@code Boolean}). */
    public static final String CACHE_HIT = "cache.hit";
    /** Whether a fallback model answered the call ({@code Boolean}). */
    public static final String FALLBACK_USED = "fallback.used";
    /** How many values a redactor replaced, per kind ({@code Map<String, Integer>}). */
    public static final String REDACTION_COUNT = "redaction.count";

    private CallAttributes() {
    }

    /** The retry count, if a retry interceptor recorded one. */
    public static Optional<Long> retryCount(CallContext context) {
        return context.get(RETRY_COUNT, Number.class).map(Number::longValue);
    }

    /** A boolean attribute, if set. */
    public static Optional<Boolean> flag(CallContext context, String name) {
        return context.get(name, Boolean.class);
    }

    /** The per-kind redaction counts, if a redactor recorded them. */
    @SuppressWarnings("unchecked")
    public static Map<String, Integer> redactionCounts(CallContext context) {
        return context.get(REDACTION_COUNT, Map.class).map(m -> (Map<String, Integer>) m).orElse(Map.of());
    }

    /** Milliseconds from the start of the call to now on {@code clock}; 0 when the clock is behind the start. */
    static long elapsedMillis(CallContext context, Clock clock) {
        long millis = Duration.between(context.startedAt(), clock.instant()).toMillis();
        return Math.max(0, millis);
    }

    /** The request's model, or {@code "default"} when it names none. */
    static String requestModel(ChatRequest request) {
        String model = request.options().model();
        return model != null ? model : "default";
    }
}
