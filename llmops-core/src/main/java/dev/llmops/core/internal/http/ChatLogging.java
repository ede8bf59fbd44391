package dev.llmops.core.internal.http;

import dev.llmops.core.ChatResponse;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * The log lines every provider adapter writes, in one format: request and response bodies at TRACE, and one DEBUG
 * line per answer with the model, latency and tokens. Bodies never hold the API key (it travels in a header).
 *
 * <pre>{@code
 * ChatLogging.requestBody(LOG, "anthropic", body);
 * ChatLogging.answered(LOG, "anthropic", "chat", response);
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class ChatLogging {
    private ChatLogging() {
    }

    /** The request body (UTF-8 JSON) at TRACE. */
    public static void requestBody(Logger log, String provider, byte[] body) {
        if (log.isTraceEnabled()) {
            log.trace("{} request body: {}", provider, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The response body (UTF-8 JSON) at TRACE, decoded only when TRACE is on. */
    public static void responseBody(Logger log, String provider, byte[] body) {
        if (log.isTraceEnabled()) {
            log.trace("{} response body: {}", provider, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** One DEBUG line for an answer: {@code operation} ({@code chat}, {@code stream}), model, latency, tokens, finish. */
    public static void answered(Logger log, String provider, String operation, ChatResponse answer) {
        if (log.isDebugEnabled()) {
            log.debug("{} {} model={} latency={}ms input={} output={} cached={} finish={}", provider, operation, answer.model(),
                    answer.latency().toMillis(), answer.usage().inputTokens(), answer.usage().outputTokens(),
                    answer.usage().cachedInputTokens(), answer.finishReason());
        }
    }
}
