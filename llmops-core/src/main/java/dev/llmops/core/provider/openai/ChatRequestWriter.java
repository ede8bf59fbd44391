package dev.llmops.core.provider.openai;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ContentPart;
import dev.llmops.core.ImagePart;
import dev.llmops.core.Message;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.TextPart;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolChoice;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.ToolSpec;
import dev.llmops.core.UserMessage;
import dev.llmops.core.internal.Json;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a chat request as the body of {@code POST /chat/completions}. {@link ChatOptions#metadata()} is
 * never written: it labels the call inside the process only.
 *
 * <p>Immutable and thread-safe.
 */
final class ChatRequestWriter {
    private ChatRequestWriter() {
    }

    /**
     * The request body.
     *
     * @param model          the model id, or {@code null} to leave {@code model} out (an Azure deployment)
     * @param maxTokensField {@code max_completion_tokens} or {@code max_tokens}
     */
    static byte[] write(List<Message> messages, ChatOptions options, String model, boolean stream, String maxTokensField) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        ArrayNode out = body.putArray("messages");
        for (Message message : messages) {
            writeMessage(out.addObject(), message);
        }
        if (options.temperature() != null) {
            body.put("temperature", options.temperature());
        }
        if (options.topP() != null) {
            body.put("top_p", options.topP());
        }
        if (options.maxTokens() != null) {
            body.put(maxTokensField, options.maxTokens());
        }
        if (!options.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            options.stop().forEach(stop::add);
        }
        if (options.seed() != null) {
            body.put("seed", options.seed());
        }
        if (options.responseFormat() != null) {
            writeResponseFormat(body.putObject("response_format"), options.responseFormat());
        }
        if (!options.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : options.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    function.put("description", tool.description());
                }
                function.set("parameters", parse(tool.parametersSchema()));
            }
        }
        if (options.toolChoice() != null) {
            writeToolChoice(body, options.toolChoice());
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return Json.MAPPER.writeValueAsBytes(body);
    }

    private static void writeMessage(ObjectNode out, Message message) {
        switch (message) {
            case SystemMessage system -> out.put("role", "system").put("content", system.text());
            case UserMessage user -> {
                out.put("role", "user");
                if (user.parts().size() == 1 && user.parts().get(0) instanceof TextPart text) {
                    out.put("content", text.text());
                } else {
                    ArrayNode parts = out.putArray("content");
                    for (ContentPart part : user.parts()) {
                        writePart(parts.addObject(), part);
                    }
                }
            }
            case AssistantMessage assistant -> {
                out.put("role", "assistant");
                if (assistant.text().isEmpty() && assistant.hasToolCalls()) {
                    out.putNull("content");
                } else {
                    out.put("content", assistant.text());
                }
                if (assistant.hasToolCalls()) {
                    ArrayNode calls = out.putArray("tool_calls");
                    for (ToolCall call : assistant.toolCalls()) {
                        ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                        c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                    }
                }
            }
            case ToolResultMessage result -> out.put("role", "tool")
                    .put("tool_call_id", result.toolCallId())
                    .put("content", result.content());
        }
    }

    private static void writePart(ObjectNode out, ContentPart part) {
        switch (part) {
            case TextPart text -> out.put("type", "text").put("text", text.text());
            case ImagePart image -> out.put("type", "image_url").putObject("image_url")
                    .put("url", image.url())
                    .put("detail", image.detail().name().toLowerCase(Locale.ROOT));
        }
    }

    private static void writeResponseFormat(ObjectNode out, ResponseFormat format) {
        switch (format) {
            case ResponseFormat.Text text -> out.put("type", "text");
            case ResponseFormat.JsonObject json -> out.put("type", "json_object");
            case ResponseFormat.JsonSchema schema -> {
                out.put("type", "json_schema");
                ObjectNode s = out.putObject("json_schema");
                s.put("name", schema.name());
                s.set("schema", parse(schema.schema()));
                s.put("strict", schema.strict());
            }
        }
    }

    private static void writeToolChoice(ObjectNode body, ToolChoice choice) {
        switch (choice) {
            case ToolChoice.Auto auto -> body.put("tool_choice", "auto");
            case ToolChoice.None none -> body.put("tool_choice", "none");
            case ToolChoice.Required required -> body.put("tool_choice", "required");
            case ToolChoice.Tool tool -> body.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", tool.name());
        }
    }

    private static JsonNode parse(String json) {
        return Json.MAPPER.readTree(json);
    }
}
