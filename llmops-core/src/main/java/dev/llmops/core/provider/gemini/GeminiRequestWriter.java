package dev.llmops.core.provider.gemini;

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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a chat request as a Gemini {@code GenerateContentRequest}:
 *
 * <ul>
 *   <li>system messages become {@code systemInstruction} (one text part each, wherever they stand);
 *   <li>user turns are {@code role: user} contents; a {@code data:} image is {@code inlineData}, a URL is
 *       {@code fileData.fileUri} (with a {@code mimeType} guessed from the file extension when it has one);
 *   <li>assistant turns are {@code role: model}: text, then one {@code functionCall} part per tool call with
 *       its arguments as an object and its thought signature put back;
 *   <li>tool results are {@code functionResponse} parts in a {@code role: user} content, consecutive results
 *       in one content (parallel calls must be answered together); a result that is a JSON object is the
 *       {@code response}, anything else is wrapped as {@code {"result": ...}};
 *   <li>{@code generationConfig} holds {@code temperature}, {@code topP}, {@code maxOutputTokens},
 *       {@code stopSequences}, {@code seed}, and for JSON output {@code responseMimeType: application/json}
 *       with the schema in {@code responseJsonSchema} (plain JSON Schema, which the records' derived schemas
 *       are; {@code responseSchema} takes only an OpenAPI subset);
 *   <li>tools are {@code functionDeclarations} with {@code parametersJsonSchema}, and the tool choice is
 *       {@code toolConfig.functionCallingConfig} ({@code AUTO}, {@code ANY}, {@code NONE}, or {@code ANY} with
 *       {@code allowedFunctionNames} for one named tool).
 * </ul>
 *
 * <p>{@link ChatOptions#metadata()} is never written. Thread-safe (stateless).
 */
final class GeminiRequestWriter {
    private GeminiRequestWriter() {
    }

    static byte[] write(List<Message> messages, ChatOptions options) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode contents = body.putArray("contents");
        ArrayNode system = null;
        ObjectNode toolResults = null;
        for (Message message : messages) {
            if (!(message instanceof ToolResultMessage)) {
                toolResults = null;
            }
            switch (message) {
                case SystemMessage s -> {
                    if (system == null) {
                        system = Json.MAPPER.createArrayNode();
                    }
                    system.addObject().put("text", s.text());
                }
                case UserMessage user -> {
                    ArrayNode parts = contents.addObject().put("role", "user").putArray("parts");
                    for (ContentPart part : user.parts()) {
                        writePart(parts.addObject(), part);
                    }
                }
                case AssistantMessage assistant -> writeAssistant(contents.addObject(), assistant);
                case ToolResultMessage result -> {
                    if (toolResults == null) {
                        toolResults = contents.addObject().put("role", "user");
                        toolResults.putArray("parts");
                    }
                    writeToolResult(((ArrayNode) toolResults.get("parts")).addObject(), result);
                }
            }
        }
        if (contents.isEmpty()) {
            throw new IllegalArgumentException("the request holds only system messages: Gemini needs at least one user "
                    + "message in contents; add one");
        }
        if (system != null) {
            body.putObject("systemInstruction").set("parts", system);
        }
        if (!options.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolSpec tool : options.tools()) {
                ObjectNode declaration = declarations.addObject().put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    declaration.put("description", tool.description());
                }
                declaration.set("parametersJsonSchema", Json.MAPPER.readTree(tool.parametersSchema()));
            }
        }
        if (options.toolChoice() != null) {
            ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
            switch (options.toolChoice()) {
                case ToolChoice.Auto auto -> config.put("mode", "AUTO");
                case ToolChoice.None none -> config.put("mode", "NONE");
                case ToolChoice.Required required -> config.put("mode", "ANY");
                case ToolChoice.Tool tool -> config.put("mode", "ANY").putArray("allowedFunctionNames").add(tool.name());
            }
        }
        ObjectNode generation = Json.MAPPER.createObjectNode();
        if (options.temperature() != null) {
            generation.put("temperature", options.temperature());
        }
        if (options.topP() != null) {
            generation.put("topP", options.topP());
        }
        if (options.maxTokens() != null) {
            generation.put("maxOutputTokens", options.maxTokens());
        }
        if (!options.stop().isEmpty()) {
            if (options.stop().size() > 5) {
                throw new IllegalArgumentException(options.stop().size() + " stop sequences given, but Gemini takes at most 5: "
                        + "keep the 5 that matter");
            }
            ArrayNode stop = generation.putArray("stopSequences");
            options.stop().forEach(stop::add);
        }
        if (options.seed() != null) {
            long seed = options.seed();
            if (seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("seed " + seed + " does not fit Gemini's 32-bit seed: pass a value between "
                        + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
            }
            generation.put("seed", (int) seed);
        }
        if (options.responseFormat() != null) {
            switch (options.responseFormat()) {
                case ResponseFormat.Text text -> { }
                case ResponseFormat.JsonObject json -> generation.put("responseMimeType", "application/json");
                case ResponseFormat.JsonSchema schema -> {
                    generation.put("responseMimeType", "application/json");
                    generation.set("responseJsonSchema", Json.MAPPER.readTree(schema.schema()));
                }
            }
        }
        if (!generation.isEmpty()) {
            body.set("generationConfig", generation);
        }
        return Json.MAPPER.writeValueAsBytes(body);
    }

    private static void writePart(ObjectNode out, ContentPart part) {
        switch (part) {
            case TextPart text -> out.put("text", text.text());
            case ImagePart image -> {
                if (image.isInline()) {
                    out.putObject("inlineData").put("mimeType", image.mediaType().orElseThrow())
                            .put("data", image.base64Data().orElseThrow());
                } else {
                    ObjectNode file = out.putObject("fileData");
                    String mimeType = mimeTypeOf(image.url());
                    if (mimeType != null) {
                        file.put("mimeType", mimeType);
                    }
                    file.put("fileUri", image.url());
                }
            }
        }
    }

    private static void writeAssistant(ObjectNode out, AssistantMessage assistant) {
        ArrayNode parts = out.put("role", "model").putArray("parts");
        if (!assistant.text().isEmpty() || !assistant.hasToolCalls()) {
            parts.addObject().put("text", assistant.text());
        }
        for (ToolCall call : assistant.toolCalls()) {
            ObjectNode part = parts.addObject();
            ObjectNode functionCall = part.putObject("functionCall");
            String wireId = ToolCallIds.wireId(call.id());
            if (wireId != null) {
                functionCall.put("id", wireId);
            }
            functionCall.put("name", call.name()).set("args", argumentsObject(call));
            String signature = ToolCallIds.signature(call.id());
            if (signature != null) {
                part.put("thoughtSignature", signature);
            }
        }
    }

    private static void writeToolResult(ObjectNode out, ToolResultMessage result) {
        ObjectNode response = out.putObject("functionResponse");
        String wireId = ToolCallIds.wireId(result.toolCallId());
        if (wireId != null) {
            response.put("id", wireId);
        }
        response.put("name", result.toolName());
        JsonNode content = parseOrNull(result.content());
        if (content != null && content.isObject()) {
            response.set("response", content);
        } else if (content != null) {
            response.putObject("response").set("result", content);
        } else {
            response.putObject("response").put("result", result.content());
        }
    }

    /** Gemini takes function-call arguments as an object ({@code args}), not as the text the model produced. */
    private static JsonNode argumentsObject(ToolCall call) {
        JsonNode node = parseOrNull(call.arguments().isBlank() ? "{}" : call.arguments());
        if (node != null && node.isObject()) {
            return node;
        }
        String shown = call.arguments().length() <= 80 ? call.arguments() : call.arguments().substring(0, 77) + "...";
        throw new IllegalArgumentException("tool call " + call.name() + " has arguments that are not a JSON object: " + shown
                + "; Gemini takes the arguments as an object, so repair them (or drop the call) before sending the conversation back");
    }

    private static JsonNode parseOrNull(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The image media type a URL's file extension names, or {@code null}. */
    static String mimeTypeOf(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int cut = path.indexOf('?');
        if (cut != -1) {
            path = path.substring(0, cut);
        }
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        if (path.endsWith(".heic")) {
            return "image/heic";
        }
        return null;
    }
}
