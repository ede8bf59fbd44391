package dev.llmops.core;

/**
 * Observes calls through a {@link ChatPipeline}: for logging, tracing, metrics. Each method has a no-op
 * default. Listeners run on the caller's thread and must not block; a listener that throws is logged and
 * ignored, never breaking the call.
 *
 * <p>Implementations are thread-safe; one instance observes every call.
 */
public interface ChatListener {

    /** The call entered the pipeline. */
    default void onRequest(CallContext context, ChatRequest request) {
    }

    /** The call produced a response (for a stream: when its completed event was read). */
    default void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
    }

    /** The call failed (for a stream: also when it was closed before completing). */
    default void onError(CallContext context, ChatRequest request, RuntimeException error) {
    }
}
