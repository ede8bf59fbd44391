package dev.llmops.core.provider.openai;

import static dev.llmops.core.internal.http.WireJson.orDefault;
import static dev.llmops.core.internal.http.WireJson.orEmpty;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
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
     * The response in {@code body}, read in one streaming pass over the bytes (this runs on every call; the raw
     * text is decoded only for an error). Fields other than those read are skipped, as are choices after the first.
     *
     * @param requestedModel the model asked for, reported when the body names none
     * @throws ResponseParseException   when the body is not a chat completion (the raw body is kept)
     * @throws ContentFilteredException when the provider's content filter stopped the answer
     */
    static ChatResponse read(String provider, int status, byte[] body, String requestedModel, Duration latency) {
        Completion completion;
        // A bare token-stream parser: no value here needs the mapper's deserializers.
        try (JsonParser parser = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ResponseParseException(provider, status, provider + " response is not a JSON object", text(body), null);
            }
            completion = readCompletion(parser);
            if (parser.nextToken() != null) {
                throw new ResponseParseException(provider, status, provider + " response is not valid JSON: "
                        + "unexpected content after the object", text(body), null);
            }
        } catch (JacksonException e) {
            throw new ResponseParseException(provider, status, provider + " response is not valid JSON: "
                    + e.getOriginalMessage(), text(body), e);
        }
        if (completion.choice == null) {
            throw new ResponseParseException(provider, status, provider + " response has no choices: "
                    + "expected a chat completion with choices[0].message", text(body), null);
        }
        Choice choice = completion.choice;
        if (!choice.hasMessage) {
            throw new ResponseParseException(provider, status, provider + " response has no choices[0].message", text(body), null);
        }
        List<ToolCall> toolCalls = new ArrayList<>(choice.toolCalls.size());
        for (WireCall call : choice.toolCalls) {
            if (call.name() == null || call.name().isBlank()) {
                throw new ResponseParseException(provider, status, provider + " response has a tool call without a function name",
                        text(body), null);
            }
            toolCalls.add(new ToolCall(orEmpty(call.id()), call.name(), call.arguments() == null ? "" : call.arguments()));
        }
        FinishReason reason = finishReason(choice.finishReason);
        String model = orDefault(completion.model, requestedModel);
        if (reason == FinishReason.CONTENT_FILTER) {
            throw contentFiltered(provider, status, model);
        }
        String content = choice.content;
        if (content == null || content.isEmpty()) {
            // A structured-output refusal comes as message.refusal with no content: it is what the model said.
            content = choice.refusal;
        }
        return new ChatResponse(new AssistantMessage(orEmpty(content), toolCalls), completion.usage,
                reason, model, provider, latency, orEmpty(completion.id));
    }

    /** The parts of a completion that are read; the first choice only. */
    private static final class Completion {
        String id;
        String model;
        Choice choice;
        Usage usage = Usage.ZERO;
    }

    /** The parts of {@code choices[0]} that are read. */
    private static final class Choice {
        boolean hasMessage;
        String content;
        String refusal;
        String finishReason;
        List<WireCall> toolCalls = List.of();
    }

    /** A tool call as sent; checked and turned into a {@link ToolCall} once the whole body has parsed. */
    private record WireCall(String id, String name, String arguments) {
    }

    /** Reads the fields of the top-level object; the parser is on its {@code START_OBJECT} and ends on its end. */
    private static Completion readCompletion(JsonParser parser) {
        Completion completion = new Completion();
        String field;
        while ((field = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> completion.id = scalar(parser);
                case "model" -> completion.model = scalar(parser);
                case "choices" -> completion.choice = value == JsonToken.START_ARRAY ? firstChoice(parser) : skipped(parser, null);
                case "usage" -> completion.usage = value == JsonToken.START_OBJECT ? usage(parser) : skipped(parser, Usage.ZERO);
                default -> parser.skipChildren();
            }
        }
        return completion;
    }

    /** The first element of the {@code choices} array (the parser is on its start), or {@code null} when empty. */
    private static Choice firstChoice(JsonParser parser) {
        Choice first = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (first != null) {
                parser.skipChildren();
            } else {
                // A first element that is not an object is a choice without a message.
                first = parser.currentToken() == JsonToken.START_OBJECT ? readChoice(parser) : skipped(parser, new Choice());
            }
        }
        return first;
    }

    private static Choice readChoice(JsonParser parser) {
        Choice choice = new Choice();
        String field;
        while ((field = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "finish_reason" -> choice.finishReason = scalar(parser);
                case "message" -> {
                    if (value == JsonToken.START_OBJECT) {
                        choice.hasMessage = true;
                        readMessage(parser, choice);
                    } else {
                        choice.hasMessage = false;
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return choice;
    }

    private static void readMessage(JsonParser parser, Choice choice) {
        String field;
        while ((field = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "content" -> choice.content = scalar(parser);
                case "refusal" -> choice.refusal = scalar(parser);
                case "tool_calls" -> choice.toolCalls = value == JsonToken.START_ARRAY ? readToolCalls(parser) : skipped(parser, List.of());
                default -> parser.skipChildren();
            }
        }
    }

    private static List<WireCall> readToolCalls(JsonParser parser) {
        List<WireCall> calls = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                calls.add(new WireCall(null, null, null));
                continue;
            }
            String id = null;
            String name = null;
            String arguments = null;
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (field.equals("id")) {
                    id = scalar(parser);
                } else if (field.equals("function") && value == JsonToken.START_OBJECT) {
                    String functionField;
                    while ((functionField = parser.nextName()) != null) {
                        parser.nextToken();
                        switch (functionField) {
                            case "name" -> name = scalar(parser);
                            case "arguments" -> arguments = scalar(parser);
                            default -> parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            calls.add(new WireCall(id, name, arguments));
        }
        return calls;
    }

    /**
     * The usage object the parser is on (at its {@code START_OBJECT}), read to its end. Counts given as numeric
     * text are read; other odd values count 0, as the tree reading {@link #usage(JsonNode)} does.
     */
    static Usage usage(JsonParser parser) {
        long input = 0;
        long output = 0;
        long cached = 0;
        String field;
        while ((field = parser.nextName()) != null) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "prompt_tokens" -> input = count(parser);
                case "completion_tokens" -> output = count(parser);
                case "prompt_tokens_details" -> {
                    if (value == JsonToken.START_OBJECT) {
                        String detail;
                        while ((detail = parser.nextName()) != null) {
                            parser.nextToken();
                            if (detail.equals("cached_tokens")) {
                                cached = count(parser);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Usage(input, output, Math.min(cached, input));
    }

    /** A token count: the number (or numeric text) at the parser, never negative; 0 for anything else. */
    private static long count(JsonParser parser) {
        long value = parser.currentToken().isScalarValue() ? parser.getValueAsLong(0) : 0;
        parser.skipChildren();
        return Math.max(0, value);
    }

    /**
     * The value at the parser as text: a string as is, {@code null} for JSON null, other values as JSON text (as
     * {@link dev.llmops.core.internal.http.WireJson#text} does for a tree).
     */
    private static String scalar(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return parser.getString();
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator copy = Json.MAPPER.tokenStreamFactory().createGenerator(ObjectWriteContext.empty(), json)) {
            copy.copyCurrentStructure(parser);
        }
        return json.toString();
    }

    private static <T> T skipped(JsonParser parser, T value) {
        parser.skipChildren();
        return value;
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
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
