package dev.llmops.core.resilience;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ContentPart;
import dev.llmops.core.Message;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.TextPart;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.UserMessage;

/**
 * Estimates the tokens a request will consume before it is sent, so a {@link RateLimiter} can gate it on a
 * tokens-per-minute budget. The estimate is reconciled with the usage the provider reports afterwards, so it
 * only needs to be roughly right; plug in a real tokenizer where it matters.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder()
 *         .tokensPerMinute(200_000)
 *         .tokenEstimator(request -> myTokenizer.count(request) + 500)
 *         .build();
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {

    /** The tokens {@code request} is expected to consume, input and output together; never negative. */
    long estimate(ChatRequest request);

    /**
     * The default estimate: {@code ceil(c / 4)} input tokens, where {@code c} counts the characters of every
     * text in the conversation (system text, the text parts of user turns, assistant text and tool-call names
     * and arguments, tool results; images and tool definitions count 0), plus the request's {@code maxTokens}
     * for the output, or 0 when it sets none (the reported usage then charges the output afterwards).
     */
    static TokenEstimator charsOverFour() {
        return request -> {
            long characters = 0;
            for (Message message : request.messages()) {
                characters += characters(message);
            }
            Integer maxTokens = request.options().maxTokens();
            return (characters + 3) / 4 + (maxTokens == null ? 0 : maxTokens);
        };
    }

    private static long characters(Message message) {
        return switch (message) {
            case SystemMessage system -> system.text().length();
            case UserMessage user -> {
                long sum = 0;
                for (ContentPart part : user.parts()) {
                    sum += part instanceof TextPart text ? text.text().length() : 0;
                }
                yield sum;
            }
            case AssistantMessage assistant -> {
                long sum = assistant.text().length();
                for (ToolCall call : assistant.toolCalls()) {
                    sum += call.name().length() + call.arguments().length();
                }
                yield sum;
            }
            case ToolResultMessage result -> result.content().length();
        };
    }
}
