package dev.llmops.core.provider.ollama;

import static dev.llmops.core.internal.http.WireJson.orEmpty;
import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.SecretScrubber;
import dev.llmops.core.internal.http.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of an {@code /api/chat} response, and the parts of it that streamed lines share: the
 * message's text and tool calls, {@code done_reason}, and usage from {@code prompt_eval_count} and
 * {@code eval_count}.
 *
 * <p>Thread-safe (stateless).
 */
final class OllamaResponseReader {
    private OllamaResponseReader() {
    }

    /**
     * The response in {@code body}.
     *
     * @param requestedModel the model asked for, reported when the body names none
     * @throws ResponseParseException when the body is not a chat response (the raw body is kept)
     */
    static ChatResponse read(String provider, int status, String body, String requestedModel, Duration latency) {
        JsonNode root = WireJson.parseObject(provider, status, body, "response");
        throwIfError(provider, status, root);
        JsonNode message = root.path("message");
        if (!message.isObject()) {
            throw new ResponseParseException(provider, status, provider + " response has no message: "
                    + "expected an /api/chat response with message.content", body, null);
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            calls.add(toolCall(provider, status, call, body));
        }
        String model = orDefault(text(root, "model"), requestedModel);
        return new ChatResponse(new AssistantMessage(orEmpty(text(message, "content")), calls), usage(root),
                finishReason(text(root, "done_reason"), !calls.isEmpty()), model, provider, latency, "");
    }

    /** Throws the error of a body or stream line holding {@code {"error":"..."}}. */
    static void throwIfError(String provider, int status, JsonNode root) {
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            String message = error.isString() ? error.stringValue() : error.toString();
            throw new ProviderUnavailableException(provider, status, null, null, provider + " sent an error: "
                    + SecretScrubber.standard().scrub(message) + "; retry the call, and check the server log if it persists", null);
        }
    }

    /** One entry of {@code message.tool_calls}; the arguments object is written back as JSON text. */
    static ToolCall toolCall(String provider, int status, JsonNode call, String raw) {
        JsonNode function = call.path("function");
        String name = text(function, "name");
        if (name == null || name.isBlank()) {
            throw new ResponseParseException(provider, status, provider + " sent a tool call without a function name", raw, null);
        }
        JsonNode arguments = function.get("arguments");
        String json;
        if (arguments == null || arguments.isNull()) {
            json = "{}";
        } else if (arguments.isString()) {
            json = arguments.stringValue();
        } else {
            json = Json.MAPPER.writeValueAsString(arguments);
        }
        String id = text(call, "id");
        return new ToolCall(id == null || id.isEmpty() ? WireJson.newToolCallId() : id, name, json);
    }

    /** Usage from {@code prompt_eval_count} and {@code eval_count}; Ollama reports no cached tokens. */
    static Usage usage(JsonNode root) {
        return Usage.of(Math.max(0, root.path("prompt_eval_count").asLong(0)), Math.max(0, root.path("eval_count").asLong(0)));
    }

    /** {@code done_reason} as a finish reason; a natural stop after tool calls is {@link FinishReason#TOOL_CALLS}. */
    static FinishReason finishReason(String reason, boolean toolCalls) {
        if (reason == null) {
            return toolCalls ? FinishReason.TOOL_CALLS : FinishReason.OTHER;
        }
        return switch (reason) {
            case "stop" -> toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            default -> FinishReason.OTHER;
        };
    }

    static String orDefault(String s, String fallback) {
        return s == null || s.isEmpty() ? orEmpty(fallback) : s;
    }
}
