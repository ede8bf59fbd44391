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
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Writes a chat request as the body of {@code POST /chat/completions}, straight to bytes with a streaming
 * generator (no tree: this runs on every call). Tool and response schemas are copied as the JSON text they hold
 * ({@link ToolSpec} and {@link ResponseFormat.JsonSchema} accept only a complete JSON object), not parsed again.
 * {@link ChatOptions#metadata()} is never written: it labels the call inside the process only.
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        // A bare token-stream generator: nothing written here needs the mapper's serializers.
        try (JsonGenerator out = Json.MAPPER.tokenStreamFactory().createGenerator(ObjectWriteContext.empty(), bytes)) {
            out.writeStartObject();
            if (model != null) {
                out.writeStringProperty("model", model);
            }
            out.writeArrayPropertyStart("messages");
            for (Message message : messages) {
                writeMessage(out, message);
            }
            out.writeEndArray();
            if (options.temperature() != null) {
                out.writeNumberProperty("temperature", options.temperature());
            }
            if (options.topP() != null) {
                out.writeNumberProperty("top_p", options.topP());
            }
            if (options.maxTokens() != null) {
                out.writeNumberProperty(maxTokensField, options.maxTokens());
            }
            if (!options.stop().isEmpty()) {
                out.writeArrayPropertyStart("stop");
                for (String stop : options.stop()) {
                    out.writeString(stop);
                }
                out.writeEndArray();
            }
            if (options.seed() != null) {
                out.writeNumberProperty("seed", options.seed());
            }
            if (options.responseFormat() != null) {
                out.writeObjectPropertyStart("response_format");
                writeResponseFormat(out, options.responseFormat());
                out.writeEndObject();
            }
            if (!options.tools().isEmpty()) {
                out.writeArrayPropertyStart("tools");
                for (ToolSpec tool : options.tools()) {
                    out.writeStartObject();
                    out.writeStringProperty("type", "function");
                    out.writeObjectPropertyStart("function");
                    out.writeStringProperty("name", tool.name());
                    if (!tool.description().isEmpty()) {
                        out.writeStringProperty("description", tool.description());
                    }
                    out.writeName("parameters");
                    out.writeRawValue(tool.parametersSchema());
                    out.writeEndObject();
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            if (options.toolChoice() != null) {
                writeToolChoice(out, options.toolChoice());
            }
            if (stream) {
                out.writeBooleanProperty("stream", true);
                out.writeObjectPropertyStart("stream_options");
                out.writeBooleanProperty("include_usage", true);
                out.writeEndObject();
            }
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void writeMessage(JsonGenerator out, Message message) {
        out.writeStartObject();
        switch (message) {
            case SystemMessage system -> {
                out.writeStringProperty("role", "system");
                out.writeStringProperty("content", system.text());
            }
            case UserMessage user -> {
                out.writeStringProperty("role", "user");
                if (user.parts().size() == 1 && user.parts().get(0) instanceof TextPart text) {
                    out.writeStringProperty("content", text.text());
                } else {
                    out.writeArrayPropertyStart("content");
                    for (ContentPart part : user.parts()) {
                        writePart(out, part);
                    }
                    out.writeEndArray();
                }
            }
            case AssistantMessage assistant -> {
                out.writeStringProperty("role", "assistant");
                if (assistant.text().isEmpty() && assistant.hasToolCalls()) {
                    out.writeNullProperty("content");
                } else {
                    out.writeStringProperty("content", assistant.text());
                }
                if (assistant.hasToolCalls()) {
                    out.writeArrayPropertyStart("tool_calls");
                    for (ToolCall call : assistant.toolCalls()) {
                        out.writeStartObject();
                        out.writeStringProperty("id", call.id());
                        out.writeStringProperty("type", "function");
                        out.writeObjectPropertyStart("function");
                        out.writeStringProperty("name", call.name());
                        out.writeStringProperty("arguments", call.arguments());
                        out.writeEndObject();
                        out.writeEndObject();
                    }
                    out.writeEndArray();
                }
            }
            case ToolResultMessage result -> {
                out.writeStringProperty("role", "tool");
                out.writeStringProperty("tool_call_id", result.toolCallId());
                out.writeStringProperty("content", result.content());
            }
        }
        out.writeEndObject();
    }

    private static void writePart(JsonGenerator out, ContentPart part) {
        out.writeStartObject();
        switch (part) {
            case TextPart text -> {
                out.writeStringProperty("type", "text");
                out.writeStringProperty("text", text.text());
            }
            case ImagePart image -> {
                out.writeStringProperty("type", "image_url");
                out.writeObjectPropertyStart("image_url");
                out.writeStringProperty("url", image.url());
                out.writeStringProperty("detail", image.detail().name().toLowerCase(Locale.ROOT));
                out.writeEndObject();
            }
        }
        out.writeEndObject();
    }

    private static void writeResponseFormat(JsonGenerator out, ResponseFormat format) {
        switch (format) {
            case ResponseFormat.Text text -> out.writeStringProperty("type", "text");
            case ResponseFormat.JsonObject json -> out.writeStringProperty("type", "json_object");
            case ResponseFormat.JsonSchema schema -> {
                out.writeStringProperty("type", "json_schema");
                out.writeObjectPropertyStart("json_schema");
                out.writeStringProperty("name", schema.name());
                out.writeName("schema");
                out.writeRawValue(schema.schema());
                out.writeBooleanProperty("strict", schema.strict());
                out.writeEndObject();
            }
        }
    }

    private static void writeToolChoice(JsonGenerator out, ToolChoice choice) {
        switch (choice) {
            case ToolChoice.Auto auto -> out.writeStringProperty("tool_choice", "auto");
            case ToolChoice.None none -> out.writeStringProperty("tool_choice", "none");
            case ToolChoice.Required required -> out.writeStringProperty("tool_choice", "required");
            case ToolChoice.Tool tool -> {
                out.writeObjectPropertyStart("tool_choice");
                out.writeStringProperty("type", "function");
                out.writeObjectPropertyStart("function");
                out.writeStringProperty("name", tool.name());
                out.writeEndObject();
                out.writeEndObject();
            }
        }
    }
}
