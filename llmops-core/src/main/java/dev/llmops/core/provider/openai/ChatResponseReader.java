package dev.llmops.core.provider.openai;

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
 * Reads the body of a {@code chat/completions} response, and the parts of it that streamed chunks share:
 * usage, finish reason, text fields.
 *
 * <p>Immutable and thread-safe.
 */
final class ChatResponseReader {
    private ChatResponseReader() {
    }

    /**
     * The response in {@code body}.
     *
     * @param requestedModel the model asked for, reported when the body names none
     * @throws ResponseParseException   when the body is not a chat completion (the raw body is kept)
     * @throws ContentFilteredException when the provider's content filter stopped the answer
     */
    static ChatResponse read(String provider, int status, String body, String requestedModel, Duration latency) {
        JsonNode root = WireJson.parseObject(provider, status, body, "response");
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new ResponseParseException(provider, status, provider + " response has no choices: "
                    + "expected a chat completion with choices[0].message", body, null);
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new ResponseParseException(provider, status, provider + " response has no choices[0].message", body, null);
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            String name = text(function, "name");
            if (name == null || name.isBlank()) {
                throw new ResponseParseException(provider, status, provider + " response has a tool call without a function name",
                        body, null);
            }
            String arguments = text(function, "arguments");
            toolCalls.add(new ToolCall(orEmpty(text(call, "id")), name, arguments == null ? "" : arguments));
        }
        String finish = text(choice, "finish_reason");
        FinishReason reason = finishReason(finish);
        String model = orDefault(text(root, "model"), requestedModel);
        if (reason == FinishReason.CONTENT_FILTER) {
            throw contentFiltered(provider, status, model);
        }
        String content = text(message, "content");
        if (content == null || content.isEmpty()) {
            // A structured-output refusal comes as message.refusal with no content: it is what the model said.
            content = text(message, "refusal");
        }
        return new ChatResponse(new AssistantMessage(orEmpty(content), toolCalls), usage(root.get("usage")),
                reason, model, provider, latency, orEmpty(text(root, "id")));
    }

    static ContentFilteredException contentFiltered(String provider, int status, String model) {
        return new ContentFilteredException(provider, status, "content_filter", provider + " stopped the answer of " + model
                + " with finish_reason content_filter: its content filter blocked the output; rephrase the request");
    }

    /** The usage object, or {@link Usage#ZERO} when absent. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.ZERO;
        }
        long input = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long output = Math.max(0, usage.path("completion_tokens").asLong(0));
        long cached = Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        return new Usage(input, output, Math.min(cached, input));
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) {
            return FinishReason.OTHER;
        }
        return switch (reason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
