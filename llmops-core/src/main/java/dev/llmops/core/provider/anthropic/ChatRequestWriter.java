package dev.llmops.core.provider.anthropic;

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
import dev.llmops.core.internal.http.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a chat request as the body of {@code POST /v1/messages}:
 *
 * <ul>
 *   <li>system messages, wherever they stand, are joined (blank line between) into the top-level {@code system};
 *   <li>tool results become {@code tool_result} blocks of a user turn, and consecutive turns of the same role are
 *       merged into one, since the API wants user and assistant turns to alternate;
 *   <li>a {@link ResponseFormat.JsonSchema} becomes a tool named after the schema, with the schema as its
 *       {@code input_schema}, which the model is made to call ({@code tool_choice} that tool, or {@code any} when
 *       other tools are offered too); the reader turns that call's input back into the answer's text;
 *   <li>{@link ResponseFormat#JSON} (no schema) adds an instruction to the system prompt to answer with one JSON
 *       object only, as the API has no JSON mode;
 *   <li>images: an http(s) URL as a {@code url} source, a {@code data:} URL as a {@code base64} source with its media
 *       type; {@link ImagePart#detail()} has no counterpart in the API and is not sent; empty text parts are left out
 *       (the API rejects empty text blocks);
 *   <li>{@code max_tokens}, which the API requires, is the options' value or the model's default;
 *   <li>{@link ChatOptions#seed()} is not sent (the API has no seed: it is logged at DEBUG and ignored, as a seed
 *       is a hint even where supported); {@link ChatOptions#metadata()} is never sent.
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
final class ChatRequestWriter {
    /** The instruction added to the system prompt for {@link ResponseFormat#JSON}. */
    static final String JSON_INSTRUCTION = "Answer with a single JSON object only: no prose before or after it, "
            + "no Markdown code fences.";

    private static final Logger LOG = LoggerFactory.getLogger(ChatRequestWriter.class);

    private ChatRequestWriter() {
    }

    /**
     * A request body, and the name of the tool that carries a structured answer ({@code null} when the request
     * asks for none).
     */
    record Written(byte[] body, String answerTool) {
    }

    static Written write(List<Message> messages, ChatOptions options, String model, int maxTokens, boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", options.maxTokens() != null ? options.maxTokens() : maxTokens);
        List<String> system = new ArrayList<>();
        ArrayNode turns = Json.MAPPER.createArrayNode();
        for (Message message : messages) {
            if (message instanceof SystemMessage s) {
                system.add(s.text());
            } else {
                writeMessage(turns, message);
            }
        }
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("the request has no user or assistant message with content, only system "
                    + "messages or empty text: anthropic needs at least one, so add a user message such as Message.user(\"...\")");
        }
        ResponseFormat format = options.responseFormat();
        if (format instanceof ResponseFormat.JsonObject) {
            system.add(JSON_INSTRUCTION);
        }
        if (!system.isEmpty()) {
            body.put("system", String.join("\n\n", system));
        }
        body.set("messages", turns);
        if (options.temperature() != null) {
            body.put("temperature", options.temperature());
        }
        if (options.topP() != null) {
            body.put("top_p", options.topP());
        }
        if (!options.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            options.stop().forEach(stop::add);
        }
        if (options.seed() != null) {
            LOG.debug("anthropic has no seed: seed {} is not sent", options.seed());
        }
        String answerTool = null;
        ArrayNode tools = Json.MAPPER.createArrayNode();
        for (ToolSpec tool : options.tools()) {
            writeTool(tools.addObject(), tool.name(), tool.description(), tool.parametersSchema());
        }
        if (format instanceof ResponseFormat.JsonSchema schema) {
            answerTool = schema.name();
            checkAnswerTool(schema, options);
            writeTool(tools.addObject(), schema.name(), "Give the answer, shaped as this schema describes. "
                    + "Always answer by calling this tool.", schema.schema());
        }
        if (!tools.isEmpty()) {
            body.set("tools", tools);
        }
        if (answerTool != null) {
            ObjectNode choice = body.putObject("tool_choice");
            if (options.tools().isEmpty()) {
                choice.put("type", "tool").put("name", answerTool);
            } else {
                choice.put("type", "any");
            }
        } else if (options.toolChoice() != null && !options.tools().isEmpty()) {
            // Without tools, auto and none (the only choices ChatOptions then allows) mean the same as no choice.
            writeToolChoice(body.putObject("tool_choice"), options.toolChoice());
        }
        if (stream) {
            body.put("stream", true);
        }
        return new Written(Json.MAPPER.writeValueAsBytes(body), answerTool);
    }

    private static void checkAnswerTool(ResponseFormat.JsonSchema schema, ChatOptions options) {
        for (ToolSpec tool : options.tools()) {
            if (tool.name().equals(schema.name())) {
                throw new IllegalArgumentException("response format schema '" + schema.name() + "' has the name of an offered tool: "
                        + "anthropic receives the schema as a tool of that name, so rename the schema or the tool");
            }
        }
        if (options.toolChoice() != null && !(options.toolChoice() instanceof ToolChoice.Auto)) {
            throw new IllegalArgumentException("tool choice " + options.toolChoice() + " cannot be combined with a JSON schema "
                    + "response format on anthropic: the schema is sent as a tool the model must call; drop the tool choice "
                    + "or the response format");
        }
    }

    private static void writeTool(ObjectNode out, String name, String description, String schema) {
        out.put("name", name);
        if (!description.isEmpty()) {
            out.put("description", description);
        }
        out.set("input_schema", Json.MAPPER.readTree(schema));
    }

    private static void writeToolChoice(ObjectNode out, ToolChoice choice) {
        switch (choice) {
            case ToolChoice.Auto auto -> out.put("type", "auto");
            case ToolChoice.None none -> out.put("type", "none");
            case ToolChoice.Required required -> out.put("type", "any");
            case ToolChoice.Tool tool -> out.put("type", "tool").put("name", tool.name());
        }
    }

    /** Appends {@code message}'s blocks to the last turn when it has the same role, else as a new turn. */
    private static void writeMessage(ArrayNode turns, Message message) {
        String role = message instanceof AssistantMessage ? "assistant" : "user";
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        switch (message) {
            case UserMessage user -> {
                for (ContentPart part : user.parts()) {
                    writePart(blocks, part);
                }
            }
            case AssistantMessage assistant -> {
                if (!assistant.text().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", assistant.text());
                }
                for (ToolCall call : assistant.toolCalls()) {
                    blocks.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                            .set("input", toolInput(call));
                }
            }
            case ToolResultMessage result -> blocks.addObject().put("type", "tool_result")
                    .put("tool_use_id", result.toolCallId())
                    .put("content", result.content());
            case SystemMessage system -> throw new IllegalStateException("system messages are hoisted, not written as turns");
        }
        if (blocks.isEmpty()) {
            // An assistant turn with neither text nor tool calls: the API rejects empty text blocks, so leave it out.
            return;
        }
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && role.equals(WireJson.text(last, "role"))) {
            ((ArrayNode) last.get("content")).addAll(blocks);
        } else {
            turns.addObject().put("role", role).set("content", blocks);
        }
    }

    private static void writePart(ArrayNode blocks, ContentPart part) {
        switch (part) {
            case TextPart text -> {
                if (!text.text().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", text.text());
                }
            }
            case ImagePart image -> {
                ObjectNode source = blocks.addObject().put("type", "image").putObject("source");
                if (image.isInline()) {
                    source.put("type", "base64").put("media_type", image.mediaType().orElseThrow())
                            .put("data", image.base64Data().orElseThrow());
                } else {
                    source.put("type", "url").put("url", image.url());
                }
            }
        }
    }

    /** A tool call's arguments as the JSON object the API wants for {@code input}; empty arguments are {@code {}}. */
    private static JsonNode toolInput(ToolCall call) {
        if (call.arguments().isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(call.arguments());
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new IllegalArgumentException("arguments of tool call '" + call.id() + "' (" + call.name()
                + ") are not a JSON object: anthropic sends tool input as an object; pass arguments such as {\"city\":\"Paris\"}");
    }
}
