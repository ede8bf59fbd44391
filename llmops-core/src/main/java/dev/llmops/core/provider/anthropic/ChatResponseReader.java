package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.internal.http.WireJson.orDefault;
import static dev.llmops.core.internal.http.WireJson.orEmpty;
import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of a {@code /v1/messages} response, and the parts of it that streamed events share: usage,
 * stop reason, and the assembly of content blocks into a {@link ChatResponse}.
 *
 * <p>Usage: Anthropic's {@code input_tokens} counts only the input after the last cache breakpoint, so the
 * response's {@link Usage#inputTokens()} is {@code input_tokens + cache_creation_input_tokens +
 * cache_read_input_tokens} (every input token the call processed), and {@link Usage#cachedInputTokens()} is
 * {@code cache_read_input_tokens}. Tokens written to the cache count as input, not as cached.
 *
 * <p>Thread-safe (stateless).
 */
final class ChatResponseReader {
    private ChatResponseReader() {
    }

    /**
     * The response in {@code body}.
     *
     * @param requestedModel the model asked for, reported when the body names none
     * @param answerTool     the tool carrying a structured answer, or {@code null}
     * @throws ResponseParseException   when the body is not a message (the raw body is kept)
     * @throws ContentFilteredException when the model refused ({@code stop_reason: refusal})
     */
    static ChatResponse read(String provider, int status, String body, String requestedModel, Duration latency,
            String answerTool) {
        JsonNode root = WireJson.parseObject(provider, status, body, "response");
        JsonNode content = root.get("content");
        if (content == null || !content.isArray()) {
            throw new ResponseParseException(provider, status, provider + " response has no content array: "
                    + "expected a message with content blocks", body, null);
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (orEmpty(text(block, "type"))) {
                case "text" -> text.append(orEmpty(text(block, "text")));
                case "tool_use" -> {
                    String name = text(block, "name");
                    if (name == null || name.isBlank()) {
                        throw new ResponseParseException(provider, status, provider + " response has a tool_use block without a name",
                                body, null);
                    }
                    JsonNode input = block.get("input");
                    toolCalls.add(new ToolCall(orEmpty(text(block, "id")), name,
                            input == null || input.isNull() ? "{}" : input.toString()));
                }
                default -> {
                    // thinking, redacted_thinking, server tool blocks: not part of the answer's text or tool calls
                }
            }
        }
        return assemble(provider, status, text.toString(), toolCalls, text(root, "stop_reason"), usage(root.get("usage")),
                orDefault(text(root, "model"), requestedModel), latency, orEmpty(text(root, "id")), answerTool);
    }

    /**
     * The response from its parts. When {@code answerTool} is set and the model called it, that call's input
     * becomes the text (replacing any prose) and the call is dropped; a {@code tool_use} stop then reads as
     * {@link FinishReason#STOP} unless other tools were called too.
     */
    static ChatResponse assemble(String provider, int status, String text, List<ToolCall> toolCalls, String stopReason,
            Usage usage, String model, Duration latency, String id, String answerTool) {
        FinishReason reason = finishReason(stopReason);
        if (reason == FinishReason.CONTENT_FILTER) {
            throw new ContentFilteredException(provider, status, "refusal", provider + " model " + model
                    + " refused to answer (stop_reason refusal): its safety policy blocked the output; rephrase the request");
        }
        String answer = text;
        List<ToolCall> calls = toolCalls;
        if (answerTool != null) {
            calls = new ArrayList<>(toolCalls.size());
            for (ToolCall call : toolCalls) {
                if (call.name().equals(answerTool)) {
                    answer = call.arguments();
                } else {
                    calls.add(call);
                }
            }
            if (reason == FinishReason.TOOL_CALLS && calls.isEmpty()) {
                reason = FinishReason.STOP;
            }
        }
        return new ChatResponse(new AssistantMessage(answer, calls), usage, reason, model, provider,
                latency.isNegative() ? Duration.ZERO : latency, id);
    }

    /** The usage object, or {@link Usage#ZERO} when absent (see the class comment for the counting). */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.ZERO;
        }
        return usage(count(usage, "input_tokens"), count(usage, "output_tokens"), count(usage, "cache_creation_input_tokens"),
                count(usage, "cache_read_input_tokens"));
    }

    static Usage usage(long input, long output, long cacheCreation, long cacheRead) {
        return new Usage(input + cacheCreation + cacheRead, output, cacheRead);
    }

    /** A non-negative count, 0 when absent. */
    static long count(JsonNode node, String field) {
        return Math.max(0, node.path(field).asLong(0));
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) {
            return FinishReason.OTHER;
        }
        return switch (reason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
