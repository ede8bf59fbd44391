package dev.llmops.core.provider.anthropic;

import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code content_block_delta} event says, the event that makes up most of a stream: its content block
 * {@code index} and its delta's {@code type}, {@code text} ({@code text_delta}) and {@code partial_json}
 * ({@code input_json_delta}).
 *
 * <p>{@link #parse(byte[], int, int, String)} reads the event with a streaming parser straight from its UTF-8 bytes,
 * building no tree. It returns {@code null} for every other event and for anything it does not read exactly as the
 * tree reading would (invalid JSON, a field of an unexpected type, a repeated delta); the caller then reads the event
 * as a tree, and {@link #of(JsonNode)} reads a delta from it.
 *
 * <p>Immutable and thread-safe.
 */
record BlockDelta(int index, String type, String text, String partialJson) {
    static final String EVENT = "content_block_delta";

    /** The delta of a {@code content_block_delta} event read as a tree. */
    static BlockDelta of(JsonNode event) {
        JsonNode delta = event.path("delta");
        return new BlockDelta(event.path("index").asInt(-1), WireJson.text(delta, "type"), WireJson.text(delta, "text"),
                WireJson.text(delta, "partial_json"));
    }

    /**
     * The delta in {@code length} bytes of UTF-8 at {@code offset}, an event the SSE stream named {@code eventName};
     * {@code null} when it is another event or must be read as a tree.
     */
    static BlockDelta parse(byte[] bytes, int offset, int length, String eventName) {
        try (JsonParser p = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            int index = -1;
            String deltaType = null;
            String text = null;
            String partialJson = null;
            boolean sawDelta = false;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            type = p.getString();
                        } else if (value == JsonToken.VALUE_NULL) {
                            type = null;
                        } else {
                            return null;
                        }
                    }
                    case "index" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        index = p.getIntValue();
                    }
                    case "delta" -> {
                        if (sawDelta || value != JsonToken.START_OBJECT) {
                            return null;
                        }
                        sawDelta = true;
                        String field;
                        while ((field = p.nextName()) != null) {
                            JsonToken v = p.nextToken();
                            if (!field.equals("type") && !field.equals("text") && !field.equals("partial_json")) {
                                p.skipChildren();
                                continue;
                            }
                            String s;
                            if (v == JsonToken.VALUE_STRING) {
                                s = p.getString();
                            } else if (v == JsonToken.VALUE_NULL) {
                                s = null;
                            } else {
                                return null;
                            }
                            switch (field) {
                                case "type" -> deltaType = s;
                                case "text" -> text = s;
                                default -> partialJson = s;
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
            String resolved = type == null || type.isEmpty() ? eventName : type;
            return EVENT.equals(resolved) ? new BlockDelta(index, deltaType, text, partialJson) : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
