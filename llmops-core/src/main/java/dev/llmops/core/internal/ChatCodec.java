package dev.llmops.core.internal;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.ContentPart;
import dev.llmops.core.ContextLengthExceededException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ImagePart;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Message;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.TextPart;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolChoice;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.ToolSpec;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of chat values, for files a person reads and diffs (cassettes, cached responses): requests
 * with every message type and option, responses, stream events and exceptions. The round trip is lossless:
 * {@code decodeRequest(encodeRequest(r)).equals(r)} for every request, and likewise for responses and events.
 * Properties are written in a fixed order (metadata sorted by key) and unset options are left out, so equal
 * values encode to equal text.
 *
 * <p>Decoding is strict: a missing or mistyped property throws {@link IllegalArgumentException} naming its
 * JSON path (e.g. {@code messages[1].parts[0].text}), so the caller can name the file it came from.
 *
 * <pre>{@code
 * @Test
 * void cachedResponseReadsBackEqual() {
 *     ObjectNode json = ChatCodec.encodeResponse(response);
 *
 *     assertThat(ChatCodec.decodeResponse(Json.MAPPER.readTree(json.toString()))).isEqualTo(response);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe (stateless).
 */
public final class ChatCodec {

    /** Error kinds, most specific first, so the first type an error is an instance of names its kind. */
    private static final Map<String, Class<? extends RuntimeException>> KINDS = kinds();

    /** Kinds whose exceptions carry only a message, so a class of that kind can be rebuilt from it. */
    private static final List<String> NON_PROVIDER_KINDS = List.of("stream_cancelled", "llmops", "runtime");

    private static Map<String, Class<? extends RuntimeException>> kinds() {
        Map<String, Class<? extends RuntimeException>> kinds = new LinkedHashMap<>();
        kinds.put("authentication", AuthenticationException.class);
        kinds.put("rate_limited", RateLimitedException.class);
        kinds.put("context_length_exceeded", ContextLengthExceededException.class);
        kinds.put("invalid_request", InvalidRequestException.class);
        kinds.put("content_filtered", ContentFilteredException.class);
        kinds.put("timeout", ProviderTimeoutException.class);
        kinds.put("unavailable", ProviderUnavailableException.class);
        kinds.put("response_parse", ResponseParseException.class);
        kinds.put("provider", ProviderException.class);
        kinds.put("stream_cancelled", StreamCancelledException.class);
        kinds.put("llmops", LlmopsException.class);
        kinds.put("runtime", RuntimeException.class);
        return Collections.unmodifiableMap(kinds);
    }

    private ChatCodec() {
    }

    // ---------------------------------------------------------------- requests

    /** The JSON form of {@code request}: {@code {"messages": [...], "options": {...}}}. */
    public static ObjectNode encodeRequest(ChatRequest request) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ArrayNode messages = node.putArray("messages");
        for (Message message : request.messages()) {
            messages.add(encodeMessage(message));
        }
        node.set("options", encodeOptions(request.options()));
        return node;
    }

    /** The request {@code node} encodes. */
    public static ChatRequest decodeRequest(JsonNode node) {
        JsonNode messagesNode = requireArray(node, "messages", "");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < messagesNode.size(); i++) {
            messages.add(decodeMessage(messagesNode.get(i), "messages[" + i + "]"));
        }
        ChatOptions options = decodeOptions(requireObject(node, "options", ""), "options");
        return construct("", () -> new ChatRequest(messages, options));
    }

    static ObjectNode encodeMessage(Message message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        switch (message) {
            case SystemMessage s -> {
                node.put("role", "system");
                node.put("text", s.text());
            }
            case UserMessage u -> {
                node.put("role", "user");
                ArrayNode parts = node.putArray("parts");
                for (ContentPart part : u.parts()) {
                    ObjectNode p = parts.addObject();
                    switch (part) {
                        case TextPart t -> {
                            p.put("type", "text");
                            p.put("text", t.text());
                        }
                        case ImagePart image -> {
                            p.put("type", "image");
                            p.put("url", image.url());
                            p.put("detail", image.detail().name());
                        }
                    }
                }
            }
            case AssistantMessage a -> {
                node.put("role", "assistant");
                encodeAssistantBody(a, node);
            }
            case ToolResultMessage t -> {
                node.put("role", "tool");
                node.put("toolCallId", t.toolCallId());
                node.put("toolName", t.toolName());
                node.put("content", t.content());
            }
        }
        return node;
    }

    static Message decodeMessage(JsonNode node, String path) {
        String role = requireString(node, "role", path);
        return switch (role) {
            case "system" -> construct(path, () -> new SystemMessage(requireString(node, "text", path)));
            case "user" -> {
                JsonNode partsNode = requireArray(node, "parts", path);
                List<ContentPart> parts = new ArrayList<>();
                for (int i = 0; i < partsNode.size(); i++) {
                    parts.add(decodePart(partsNode.get(i), path + ".parts[" + i + "]"));
                }
                yield construct(path, () -> new UserMessage(parts));
            }
            case "assistant" -> decodeAssistantBody(node, path);
            case "tool" -> construct(path, () -> new ToolResultMessage(requireString(node, "toolCallId", path),
                    requireString(node, "toolName", path), requireString(node, "content", path)));
            default -> throw invalid(path + ".role", "unknown role '" + role + "': expected system, user, assistant or tool");
        };
    }

    private static ContentPart decodePart(JsonNode node, String path) {
        String type = requireString(node, "type", path);
        return switch (type) {
            case "text" -> new TextPart(requireString(node, "text", path));
            case "image" -> construct(path, () -> new ImagePart(requireString(node, "url", path),
                    decodeEnum(ImagePart.Detail.class, node, "detail", path)));
            default -> throw invalid(path + ".type", "unknown part type '" + type + "': expected text or image");
        };
    }

    private static void encodeAssistantBody(AssistantMessage message, ObjectNode node) {
        node.put("text", message.text());
        ArrayNode calls = node.putArray("toolCalls");
        for (ToolCall call : message.toolCalls()) {
            ObjectNode c = calls.addObject();
            c.put("id", call.id());
            c.put("name", call.name());
            c.put("arguments", call.arguments());
        }
    }

    private static AssistantMessage decodeAssistantBody(JsonNode node, String path) {
        String text = requireString(node, "text", path);
        JsonNode callsNode = requireArray(node, "toolCalls", path);
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < callsNode.size(); i++) {
            JsonNode c = callsNode.get(i);
            String callPath = path + ".toolCalls[" + i + "]";
            calls.add(construct(callPath, () -> new ToolCall(requireString(c, "id", callPath),
                    requireString(c, "name", callPath), requireString(c, "arguments", callPath))));
        }
        return new AssistantMessage(text, calls);
    }

    /**
     * The JSON form of {@code options}; unset values are left out, metadata is sorted by key. Tool and
     * response-format schemas stay JSON text (as given) so the round trip keeps their exact spelling.
     */
    public static ObjectNode encodeOptions(ChatOptions options) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (options.model() != null) {
            node.put("model", options.model());
        }
        if (options.temperature() != null) {
            node.put("temperature", options.temperature());
        }
        if (options.topP() != null) {
            node.put("topP", options.topP());
        }
        if (options.maxTokens() != null) {
            node.put("maxTokens", options.maxTokens());
        }
        if (!options.stop().isEmpty()) {
            ArrayNode stop = node.putArray("stop");
            options.stop().forEach(stop::add);
        }
        if (options.seed() != null) {
            node.put("seed", options.seed());
        }
        if (options.responseFormat() != null) {
            ObjectNode format = node.putObject("responseFormat");
            switch (options.responseFormat()) {
                case ResponseFormat.Text t -> format.put("type", "text");
                case ResponseFormat.JsonObject j -> format.put("type", "json");
                case ResponseFormat.JsonSchema s -> {
                    format.put("type", "json_schema");
                    format.put("name", s.name());
                    format.put("schema", s.schema());
                    format.put("strict", s.strict());
                }
            }
        }
        if (!options.tools().isEmpty()) {
            ArrayNode tools = node.putArray("tools");
            for (ToolSpec tool : options.tools()) {
                ObjectNode t = tools.addObject();
                t.put("name", tool.name());
                t.put("description", tool.description());
                t.put("parametersSchema", tool.parametersSchema());
            }
        }
        if (options.toolChoice() != null) {
            ObjectNode choice = node.putObject("toolChoice");
            switch (options.toolChoice()) {
                case ToolChoice.Auto a -> choice.put("type", "auto");
                case ToolChoice.None n -> choice.put("type", "none");
                case ToolChoice.Required r -> choice.put("type", "required");
                case ToolChoice.Tool t -> {
                    choice.put("type", "tool");
                    choice.put("name", t.name());
                }
            }
        }
        if (!options.metadata().isEmpty()) {
            ObjectNode metadata = node.putObject("metadata");
            new TreeMap<>(options.metadata()).forEach(metadata::put);
        }
        return node;
    }

    static ChatOptions decodeOptions(JsonNode node, String path) {
        String model = optionalString(node, "model", path);
        Double temperature = node.hasNonNull("temperature") ? requireNumber(node, "temperature", path).doubleValue() : null;
        Double topP = node.hasNonNull("topP") ? requireNumber(node, "topP", path).doubleValue() : null;
        Integer maxTokens = node.hasNonNull("maxTokens") ? requireIntegral(node, "maxTokens", path).intValue() : null;
        List<String> stop = new ArrayList<>();
        if (node.hasNonNull("stop")) {
            JsonNode stopNode = requireArray(node, "stop", path);
            for (int i = 0; i < stopNode.size(); i++) {
                stop.add(requireStringValue(stopNode.get(i), path + ".stop[" + i + "]"));
            }
        }
        Long seed = node.hasNonNull("seed") ? requireIntegral(node, "seed", path).longValue() : null;
        ResponseFormat format = node.hasNonNull("responseFormat")
                ? decodeResponseFormat(requireObject(node, "responseFormat", path), path + ".responseFormat") : null;
        List<ToolSpec> tools = new ArrayList<>();
        if (node.hasNonNull("tools")) {
            JsonNode toolsNode = requireArray(node, "tools", path);
            for (int i = 0; i < toolsNode.size(); i++) {
                JsonNode t = toolsNode.get(i);
                String toolPath = path + ".tools[" + i + "]";
                tools.add(construct(toolPath, () -> new ToolSpec(requireString(t, "name", toolPath),
                        requireString(t, "description", toolPath), requireString(t, "parametersSchema", toolPath))));
            }
        }
        ToolChoice choice = node.hasNonNull("toolChoice")
                ? decodeToolChoice(requireObject(node, "toolChoice", path), path + ".toolChoice") : null;
        Map<String, String> metadata = new TreeMap<>();
        if (node.hasNonNull("metadata")) {
            JsonNode m = requireObject(node, "metadata", path);
            for (Map.Entry<String, JsonNode> entry : m.properties()) {
                metadata.put(entry.getKey(), requireStringValue(entry.getValue(), path + ".metadata." + entry.getKey()));
            }
        }
        return construct(path, () -> new ChatOptions(model, temperature, topP, maxTokens, stop, seed, format, tools,
                choice, metadata));
    }

    private static ResponseFormat decodeResponseFormat(JsonNode node, String path) {
        String type = requireString(node, "type", path);
        return switch (type) {
            case "text" -> ResponseFormat.TEXT;
            case "json" -> ResponseFormat.JSON;
            case "json_schema" -> construct(path, () -> ResponseFormat.jsonSchema(requireString(node, "name", path),
                    requireString(node, "schema", path), requireBoolean(node, "strict", path)));
            default -> throw invalid(path + ".type", "unknown response format '" + type + "': expected text, json or json_schema");
        };
    }

    private static ToolChoice decodeToolChoice(JsonNode node, String path) {
        String type = requireString(node, "type", path);
        return switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "required" -> ToolChoice.REQUIRED;
            case "tool" -> ToolChoice.tool(requireString(node, "name", path));
            default -> throw invalid(path + ".type", "unknown tool choice '" + type + "': expected auto, none, required or tool");
        };
    }

    // ---------------------------------------------------------------- responses

    /** The JSON form of {@code response}; latency as an ISO-8601 duration ({@code PT0.25S}). */
    public static ObjectNode encodeResponse(ChatResponse response) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ObjectNode message = node.putObject("message");
        encodeAssistantBody(response.message(), message);
        ObjectNode usage = node.putObject("usage");
        usage.put("inputTokens", response.usage().inputTokens());
        usage.put("outputTokens", response.usage().outputTokens());
        usage.put("cachedInputTokens", response.usage().cachedInputTokens());
        node.put("finishReason", response.finishReason().name());
        node.put("model", response.model());
        node.put("provider", response.provider());
        node.put("latency", response.latency().toString());
        node.put("id", response.id());
        return node;
    }

    /** The response {@code node} encodes. */
    public static ChatResponse decodeResponse(JsonNode node) {
        return decodeResponse(node, "");
    }

    /** The response {@code node} encodes; errors name paths below {@code path}, e.g. {@code interactions[2].response}. */
    public static ChatResponse decodeResponse(JsonNode node, String path) {
        AssistantMessage message = decodeAssistantBody(requireObject(node, "message", path), join(path, "message"));
        JsonNode usageNode = requireObject(node, "usage", path);
        String usagePath = join(path, "usage");
        Usage usage = construct(usagePath, () -> new Usage(requireIntegral(usageNode, "inputTokens", usagePath).longValue(),
                requireIntegral(usageNode, "outputTokens", usagePath).longValue(),
                requireIntegral(usageNode, "cachedInputTokens", usagePath).longValue()));
        FinishReason finishReason = decodeEnum(FinishReason.class, node, "finishReason", path);
        Duration latency = decodeDuration(node, "latency", path);
        return construct(path, () -> new ChatResponse(message, usage, finishReason, requireString(node, "model", path),
                requireString(node, "provider", path), latency, requireString(node, "id", path)));
    }

    // ---------------------------------------------------------------- stream events

    /** The JSON form of {@code event}: {@code type} is {@code text}, {@code tool_call} or {@code completed}. */
    public static ObjectNode encodeEvent(StreamEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        switch (event) {
            case StreamEvent.TextDelta t -> {
                node.put("type", "text");
                node.put("text", t.text());
            }
            case StreamEvent.ToolCallDelta d -> {
                node.put("type", "tool_call");
                node.put("index", d.index());
                if (d.id() != null) {
                    node.put("id", d.id());
                }
                if (d.name() != null) {
                    node.put("name", d.name());
                }
                node.put("argumentsDelta", d.argumentsDelta());
            }
            case StreamEvent.Completed c -> {
                node.put("type", "completed");
                node.set("response", encodeResponse(c.response()));
            }
        }
        return node;
    }

    /** The stream event {@code node} encodes. */
    public static StreamEvent decodeEvent(JsonNode node) {
        return decodeEvent(node, "");
    }

    /** The stream event {@code node} encodes; errors name paths below {@code path}. */
    public static StreamEvent decodeEvent(JsonNode node, String path) {
        String type = requireString(node, "type", path);
        return switch (type) {
            case "text" -> new StreamEvent.TextDelta(requireString(node, "text", path));
            case "tool_call" -> construct(path, () -> new StreamEvent.ToolCallDelta(
                    requireIntegral(node, "index", path).intValue(), optionalString(node, "id", path),
                    optionalString(node, "name", path), requireString(node, "argumentsDelta", path)));
            case "completed" -> new StreamEvent.Completed(decodeResponse(requireObject(node, "response", path), join(path, "response")));
            default -> throw invalid(join(path, "type"), "unknown event type '" + type + "': expected text, tool_call or completed");
        };
    }

    // ---------------------------------------------------------------- errors

    /**
     * The JSON form of {@code error}: its class name, the nearest llmops type it is an instance of
     * ({@code kind}), its message, and for a {@link ProviderException} the provider, status, error code,
     * retryability and waits (and {@link RateLimitedException}'s resets, {@link ResponseParseException}'s
     * raw text). The stack trace and cause are not kept.
     */
    public static ObjectNode encodeError(RuntimeException error) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("class", error.getClass().getName());
        node.put("kind", kindOf(error));
        if (error.getMessage() != null) {
            node.put("message", error.getMessage());
        }
        if (error instanceof ProviderException p) {
            node.put("provider", p.provider());
            node.put("statusCode", p.statusCode());
            p.errorCode().ifPresent(code -> node.put("errorCode", code));
            node.put("retryable", p.isRetryable());
            p.retryAfter().ifPresent(d -> node.put("retryAfter", d.toString()));
        }
        if (error instanceof RateLimitedException r) {
            r.resetRequests().ifPresent(d -> node.put("resetRequests", d.toString()));
            r.resetTokens().ifPresent(d -> node.put("resetTokens", d.toString()));
        }
        if (error instanceof ResponseParseException r) {
            node.put("rawText", r.rawText());
        }
        return node;
    }

    /**
     * An exception like the one {@code node} encodes. Exceptions of llmops's own family come back as the same
     * type with the same message, provider, status, error code and waits. Another exception that is not a
     * {@link ProviderException} comes back as its own class when that class is on the class path and has a
     * public {@code (String)} constructor. Anything else comes back as the nearest llmops type recorded in
     * {@code kind} (a provider's own subclass of {@link RateLimitedException} comes back as a
     * {@link RateLimitedException} with the same waits), its message prefixed with the original class name.
     */
    public static RuntimeException decodeError(JsonNode node) {
        return decodeError(node, "");
    }

    /** The exception {@code node} encodes (see {@link #decodeError(JsonNode)}); errors name paths below {@code path}. */
    public static RuntimeException decodeError(JsonNode node, String path) {
        String className = requireString(node, "class", path);
        String kind = requireString(node, "kind", path);
        String message = node.hasNonNull("message") ? requireString(node, "message", path) : null;
        if (isKnownClass(className)) {
            return decodeKind(node, path, kind, message);
        }
        if (NON_PROVIDER_KINDS.contains(kind)) {
            RuntimeException own = instantiate(className, message);
            if (own != null) {
                return own;
            }
        }
        return decodeKind(node, path, kind, "[" + className + "] " + (message == null ? "" : message));
    }

    private static RuntimeException decodeKind(JsonNode node, String path, String kind, String message) {
        if (kind.equals("llmops")) {
            return new LlmopsException(message);
        }
        if (kind.equals("stream_cancelled")) {
            return new StreamCancelledException(message);
        }
        if (kind.equals("runtime")) {
            return new RuntimeException(message);
        }
        String provider = requireString(node, "provider", path);
        int status = requireIntegral(node, "statusCode", path).intValue();
        String code = optionalString(node, "errorCode", path);
        Duration retryAfter = node.hasNonNull("retryAfter") ? decodeDuration(node, "retryAfter", path) : null;
        return switch (kind) {
            case "authentication" -> new AuthenticationException(provider, status, code, message);
            case "rate_limited" -> new RateLimitedException(provider, code, retryAfter,
                    node.hasNonNull("resetRequests") ? decodeDuration(node, "resetRequests", path) : null,
                    node.hasNonNull("resetTokens") ? decodeDuration(node, "resetTokens", path) : null, message);
            case "context_length_exceeded" -> new ContextLengthExceededException(provider, status, code, message);
            case "invalid_request" -> new InvalidRequestException(provider, status, code, message);
            case "content_filtered" -> new ContentFilteredException(provider, status, code, message);
            case "timeout" -> new ProviderTimeoutException(provider, message, null);
            case "unavailable" -> new ProviderUnavailableException(provider, status, code, retryAfter, message, null);
            case "response_parse" -> new ResponseParseException(provider, status, message,
                    node.hasNonNull("rawText") ? requireString(node, "rawText", path) : "", null);
            case "provider" -> new ProviderException(provider, status, code, requireBoolean(node, "retryable", path),
                    retryAfter, message, null);
            default -> throw invalid(join(path, "kind"), "unknown error kind '" + kind + "': expected one of " + KINDS.keySet());
        };
    }

    private static String kindOf(RuntimeException error) {
        for (Map.Entry<String, Class<? extends RuntimeException>> kind : KINDS.entrySet()) {
            if (kind.getValue().isInstance(error)) {
                return kind.getKey();
            }
        }
        throw new IllegalStateException("unreachable: every RuntimeException has the kind 'runtime'");
    }

    private static boolean isKnownClass(String className) {
        return KINDS.values().stream().anyMatch(type -> type.getName().equals(className));
    }

    /** The exception of class {@code className} built with {@code (message)}, or null when that is not possible. */
    private static RuntimeException instantiate(String className, String message) {
        try {
            Class<?> type = Class.forName(className, false, ChatCodec.class.getClassLoader());
            if (!RuntimeException.class.isAssignableFrom(type)) {
                return null;
            }
            Constructor<?> constructor = type.getConstructor(String.class);
            return (RuntimeException) constructor.newInstance(message);
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException | LinkageError | SecurityException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static JsonNode require(JsonNode node, String name, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "expected an object");
        }
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw invalid(join(path, name), "is missing");
        }
        return value;
    }

    private static String requireString(JsonNode node, String name, String path) {
        return requireStringValue(require(node, name, path), join(path, name));
    }

    private static String requireStringValue(JsonNode value, String path) {
        if (value == null || !value.isString()) {
            throw invalid(path, "expected a string but found " + describe(value));
        }
        return value.stringValue();
    }

    private static String optionalString(JsonNode node, String name, String path) {
        return node.hasNonNull(name) ? requireString(node, name, path) : null;
    }

    private static JsonNode requireNumber(JsonNode node, String name, String path) {
        return require(node, name, path, JsonNode::isNumber, "a number");
    }

    private static JsonNode requireIntegral(JsonNode node, String name, String path) {
        return require(node, name, path, JsonNode::isIntegralNumber, "an integer");
    }

    private static boolean requireBoolean(JsonNode node, String name, String path) {
        return require(node, name, path, JsonNode::isBoolean, "true or false").booleanValue();
    }

    private static JsonNode requireArray(JsonNode node, String name, String path) {
        return require(node, name, path, JsonNode::isArray, "an array");
    }

    private static JsonNode requireObject(JsonNode node, String name, String path) {
        return require(node, name, path, JsonNode::isObject, "an object");
    }

    /** The value of property {@code name}, which must pass {@code test} (described as {@code expected}). */
    private static JsonNode require(JsonNode node, String name, String path, Predicate<JsonNode> test, String expected) {
        JsonNode value = require(node, name, path);
        if (!test.test(value)) {
            throw invalid(join(path, name), "expected " + expected + " but found " + describe(value));
        }
        return value;
    }

    private static <E extends Enum<E>> E decodeEnum(Class<E> type, JsonNode node, String name, String path) {
        String value = requireString(node, name, path);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw invalid(join(path, name), "unknown value '" + value + "': expected one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Duration decodeDuration(JsonNode node, String name, String path) {
        String value = requireString(node, name, path);
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(join(path, name), "'" + value + "' is not an ISO-8601 duration such as PT0.5S");
        }
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String text = value.toString();
        return value.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }

    /** Runs a constructor, naming {@code path} when the value it builds is invalid. */
    private static <T> T construct(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (DecodeException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(path, e.getMessage());
        }
    }

    private static DecodeException invalid(String path, String problem) {
        return new DecodeException("at " + (path.isEmpty() ? "(root)" : path) + ": " + problem);
    }

    /** A decoding failure, its message starting with the JSON path of the bad value. */
    private static final class DecodeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        DecodeException(String message) {
            super(message);
        }
    }
}
