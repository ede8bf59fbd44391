package dev.llmops.core.provider.openai;

import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;

/**
 * What one {@code chat.completion.chunk} of a stream says: its id, model and usage, and per choice the index, the
 * content or refusal fragment, the tool-call fragments and the finish reason. Other fields are skipped.
 *
 * <p>{@link #parse(byte[], int, int)} reads a chunk with a streaming parser straight from its UTF-8 bytes, building
 * no tree: it is the fast path for the chunks servers send. For anything it does not read exactly as the tree
 * reading would (invalid JSON, an {@code error} member, a field of an unexpected type) it returns {@code null}, and
 * the caller reads the chunk as a tree with {@link #of(JsonNode)}, which defines the meaning of every shape.
 *
 * <p>Immutable and thread-safe.
 */
record ChatChunk(String id, String model, Usage usage, List<Choice> choices) {
    /** One choice: {@code index}, the {@code delta}'s content, refusal and tool calls, and the finish reason. */
    record Choice(int index, String content, String refusal, List<ToolCallDelta> toolCalls, String finishReason) {
    }

    /** One fragment of a tool call; {@code index} is {@code null} when the chunk gave none. */
    record ToolCallDelta(Integer index, String id, String name, String arguments) {
    }

    /** The chunk read from a parsed tree; the caller has handled an {@code error} member. */
    static ChatChunk of(JsonNode chunk) {
        JsonNode u = chunk.get("usage");
        List<Choice> choices = new ArrayList<>();
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            List<ToolCallDelta> calls = new ArrayList<>();
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode index = call.get("index");
                JsonNode function = call.path("function");
                calls.add(new ToolCallDelta(index != null && index.isNumber() ? index.asInt() : null, text(call, "id"),
                        text(function, "name"), text(function, "arguments")));
            }
            choices.add(new Choice(choice.path("index").asInt(0), text(delta, "content"), text(delta, "refusal"), calls,
                    text(choice, "finish_reason")));
        }
        return new ChatChunk(text(chunk, "id"), text(chunk, "model"),
                u != null && u.isObject() ? ChatResponseReader.usage(u) : null, choices);
    }

    /**
     * The chunk in {@code length} bytes of UTF-8 at {@code offset}, or {@code null} when it must be read as a tree
     * (see the class comment).
     *
     * @param readId    whether to read {@code id}; when not (the reader already has one), it is skipped unread and
     *                  reported as {@code null}
     * @param readModel the same for {@code model}
     */
    static ChatChunk parse(byte[] bytes, int offset, int length, boolean readId, boolean readModel) {
        try (JsonParser p = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ChatChunk chunk = readChunk(p, readId, readModel);
            return chunk != null && p.nextToken() == null ? chunk : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A shape {@link #parse} leaves to the tree reading. */
    private static final class Unread extends RuntimeException {
        static final Unread INSTANCE = new Unread();

        private Unread() {
            super(null, null, false, false);
        }
    }

    private static ChatChunk readChunk(JsonParser p, boolean readId, boolean readModel) {
        String id = null;
        String model = null;
        Usage usage = null;
        List<Choice> choices = List.of();
        try {
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> id = readId ? string(p, value) : skip(p, null);
                    case "model" -> model = readModel ? string(p, value) : skip(p, null);
                    case "usage" -> usage = value == JsonToken.START_OBJECT ? ChatResponseReader.usage(p) : skip(p, null);
                    case "choices" -> choices = choices(p, value);
                    case "error" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            throw Unread.INSTANCE;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (Unread e) {
            return null;
        }
        return new ChatChunk(id, model, usage, choices);
    }

    private static List<Choice> choices(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            if (value == JsonToken.START_OBJECT) {
                throw Unread.INSTANCE;
            }
            return List.of();
        }
        List<Choice> choices = new ArrayList<>(1);
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                throw Unread.INSTANCE;
            }
            choices.add(choice(p));
        }
        return choices;
    }

    private static Choice choice(JsonParser p) {
        int index = 0;
        String content = null;
        String refusal = null;
        List<ToolCallDelta> calls = List.of();
        String finishReason = null;
        boolean sawDelta = false;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "index" -> index = value == JsonToken.VALUE_NULL ? 0 : integer(p, value);
                case "finish_reason" -> finishReason = string(p, value);
                case "delta" -> {
                    // The tree reading keeps the last of repeated members; a repeated delta is left to it.
                    if (sawDelta || value != JsonToken.START_OBJECT) {
                        throw Unread.INSTANCE;
                    }
                    sawDelta = true;
                    String fieldName;
                    while ((fieldName = p.nextName()) != null) {
                        JsonToken field = p.nextToken();
                        switch (fieldName) {
                            case "content" -> content = string(p, field);
                            case "refusal" -> refusal = string(p, field);
                            case "tool_calls" -> calls = toolCalls(p, field);
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Choice(index, content, refusal, calls, finishReason);
    }

    private static List<ToolCallDelta> toolCalls(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            if (value == JsonToken.START_OBJECT) {
                throw Unread.INSTANCE;
            }
            return List.of();
        }
        List<ToolCallDelta> calls = new ArrayList<>(1);
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                throw Unread.INSTANCE;
            }
            Integer index = null;
            String id = null;
            String name = null;
            String arguments = null;
            String field;
            while ((field = p.nextName()) != null) {
                JsonToken v = p.nextToken();
                switch (field) {
                    case "index" -> index = v == JsonToken.VALUE_NUMBER_INT ? Integer.valueOf(p.getIntValue())
                            : v == JsonToken.VALUE_NUMBER_FLOAT ? unread() : skip(p, null);
                    case "id" -> id = string(p, v);
                    case "function" -> {
                        name = null;
                        arguments = null;
                        if (v == JsonToken.START_OBJECT) {
                            String f;
                            while ((f = p.nextName()) != null) {
                                JsonToken fv = p.nextToken();
                                switch (f) {
                                    case "name" -> name = string(p, fv);
                                    case "arguments" -> arguments = string(p, fv);
                                    default -> p.skipChildren();
                                }
                            }
                        } else if (v == JsonToken.START_ARRAY) {
                            throw Unread.INSTANCE;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            calls.add(new ToolCallDelta(index, id, name, arguments));
        }
        return calls;
    }

    /** A string member's value; JSON null as {@code null}; any other type is left to the tree reading. */
    private static String string(JsonParser p, JsonToken value) {
        return switch (value) {
            case VALUE_STRING -> p.getString();
            case VALUE_NULL -> null;
            default -> unread();
        };
    }

    /** A whole number that fits an int; any other value is left to the tree reading. */
    private static int integer(JsonParser p, JsonToken value) {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw Unread.INSTANCE;
        }
        return p.getIntValue();
    }

    private static <T> T skip(JsonParser p, T result) {
        p.skipChildren();
        return result;
    }

    private static <T> T unread() {
        throw Unread.INSTANCE;
    }
}
