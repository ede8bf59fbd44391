package dev.llmops.core.provider.ollama;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ContentPart;
import dev.llmops.core.ImagePart;
import dev.llmops.core.Message;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolChoice;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.ToolSpec;
import dev.llmops.core.UserMessage;
import dev.llmops.core.internal.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a chat request as the body of {@code POST /api/chat}. Sampling options go in {@code options}
 * ({@code temperature}, {@code top_p}, {@code seed}, {@code num_predict}, {@code stop}); JSON mode is
 * {@code format: "json"} and a schema is {@code format: {schema}}; images travel as base64 in
 * {@code images}. {@link ChatOptions#metadata()} is never written.
 *
 * <p>Ollama has no {@code tool_choice}: {@link ToolChoice#NONE} leaves the tools out of the request,
 * {@link ToolChoice#AUTO} is what Ollama does anyway, and a required or named tool cannot be enforced, so
 * it is refused rather than silently ignored.
 *
 * <p>Thread-safe (stateless).
 */
final class OllamaRequestWriter {
    private OllamaRequestWriter() {
    }

    static byte[] write(List<Message> messages, ChatOptions options, String model, boolean stream, Duration keepAlive) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        ArrayNode out = body.putArray("messages");
        for (Message message : messages) {
            writeMessage(out.addObject(), message);
        }
        boolean sendTools = !options.tools().isEmpty() && !(options.toolChoice() instanceof ToolChoice.None);
        if (options.toolChoice() instanceof ToolChoice.Required || options.toolChoice() instanceof ToolChoice.Tool) {
            throw new IllegalArgumentException("tool choice " + options.toolChoice() + " cannot be sent to Ollama: its "
                    + "/api/chat has no tool_choice, so a required tool cannot be enforced; use ToolChoice.AUTO (and ask for the "
                    + "tool in the prompt), or offer only the tool the model must call");
        }
        if (sendTools) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : options.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    function.put("description", tool.description());
                }
                function.set("parameters", Json.MAPPER.readTree(tool.parametersSchema()));
            }
        }
        if (options.responseFormat() != null) {
            switch (options.responseFormat()) {
                case ResponseFormat.Text text -> { }
                case ResponseFormat.JsonObject json -> body.put("format", "json");
                case ResponseFormat.JsonSchema schema -> body.set("format", Json.MAPPER.readTree(schema.schema()));
            }
        }
        ObjectNode sampling = Json.MAPPER.createObjectNode();
        if (options.temperature() != null) {
            sampling.put("temperature", options.temperature());
        }
        if (options.topP() != null) {
            sampling.put("top_p", options.topP());
        }
        if (options.seed() != null) {
            sampling.put("seed", options.seed());
        }
        if (options.maxTokens() != null) {
            sampling.put("num_predict", options.maxTokens());
        }
        if (!options.stop().isEmpty()) {
            ArrayNode stop = sampling.putArray("stop");
            options.stop().forEach(stop::add);
        }
        if (!sampling.isEmpty()) {
            body.set("options", sampling);
        }
        body.put("stream", stream);
        if (keepAlive != null) {
            body.put("keep_alive", OllamaEndpoint.keepAliveText(keepAlive));
        }
        return Json.MAPPER.writeValueAsBytes(body);
    }

    private static void writeMessage(ObjectNode out, Message message) {
        switch (message) {
            case SystemMessage system -> out.put("role", "system").put("content", system.text());
            case UserMessage user -> {
                out.put("role", "user");
                List<String> images = new ArrayList<>();
                for (ContentPart part : user.parts()) {
                    if (part instanceof ImagePart image) {
                        images.add(image.base64Data().orElseThrow(() -> new IllegalArgumentException("image " + image.url()
                                + " is a remote URL, which Ollama cannot fetch: download it and pass the bytes with "
                                + "ImagePart.ofBytes(bytes, \"image/png\")")));
                    }
                }
                out.put("content", user.text());
                if (!images.isEmpty()) {
                    ArrayNode array = out.putArray("images");
                    images.forEach(array::add);
                }
            }
            case AssistantMessage assistant -> {
                out.put("role", "assistant").put("content", assistant.text());
                if (assistant.hasToolCalls()) {
                    ArrayNode calls = out.putArray("tool_calls");
                    for (ToolCall call : assistant.toolCalls()) {
                        calls.addObject().putObject("function").put("name", call.name())
                                .set("arguments", argumentsObject(call));
                    }
                }
            }
            case ToolResultMessage result -> out.put("role", "tool")
                    .put("content", result.content())
                    .put("tool_name", result.toolName());
        }
    }

    /** Ollama takes tool-call arguments as a JSON object, not as the text the model produced. */
    private static JsonNode argumentsObject(ToolCall call) {
        String arguments = call.arguments().isBlank() ? "{}" : call.arguments();
        try {
            JsonNode node = Json.MAPPER.readTree(arguments);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("tool call " + call.id() + " (" + call.name() + ") has arguments that are not a "
                + "JSON object: " + abbreviate(call.arguments()) + "; Ollama takes the arguments as an object, so repair them "
                + "(or drop the call) before sending the conversation back");
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
