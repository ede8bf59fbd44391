package dev.llmops.core;

/**
 * Middleware around chat calls, in the manner of OkHttp's interceptors: it sees the request, may change
 * it, calls {@link Chain#proceed(ChatRequest)} to pass it on, and may change or replace the response.
 * Retry, rate limits, circuit breaking, caching, cost and redaction are all interceptors, composed in a
 * {@link ChatPipeline} in the order the user gives.
 *
 * <p>An interceptor normally calls {@code proceed} once. It may call it zero times (a cache hit answers
 * itself) or several times (a retry), each call running the rest of the chain afresh.
 *
 * <pre>{@code
 * ChatInterceptor logModel = chain -> {
 *     ChatResponse response = chain.proceed(chain.request());
 *     log.debug("{} answered in {}", response.model(), response.latency());
 *     return response;
 * };
 * }</pre>
 *
 * <p>Implementations are thread-safe; one instance serves every call.
 */
@FunctionalInterface
public interface ChatInterceptor {

    /** Handles a blocking call. */
    ChatResponse intercept(Chain chain);

    /**
     * Handles a streaming call. The default passes the call on unchanged; interceptors that must see or
     * change streamed answers (cost, retry before the first token, caching) override it.
     */
    default ChatStream interceptStream(StreamChain chain) {
        return chain.proceed(chain.request());
    }

    /** A short name shown in {@link ChatPipeline#toString()}. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$$Lambda") ? "interceptor" : simple;
    }

    /** The rest of the pipeline for a blocking call. */
    interface Chain {
        /** The request as it arrived at this interceptor. */
        ChatRequest request();

        /** The facts of this call, shared with the other interceptors and the listeners. */
        CallContext context();

        /** Passes {@code request} to the next interceptor (or the model) and returns its response. */
        ChatResponse proceed(ChatRequest request);
    }

    /** The rest of the pipeline for a streaming call. */
    interface StreamChain {
        /** The request as it arrived at this interceptor. */
        ChatRequest request();

        /** The facts of this call, shared with the other interceptors and the listeners. */
        CallContext context();

        /** Passes {@code request} to the next interceptor (or the model) and returns its stream. */
        ChatStream proceed(ChatRequest request);
    }
}
