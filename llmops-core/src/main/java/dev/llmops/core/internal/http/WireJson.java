package dev.llmops.core.internal.http;

import dev.llmops.core.ResponseParseException;
import dev.llmops.core.internal.Json;
import tools.jackson.core.JacksonException;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Small helpers for reading provider wire JSON: parse a body keeping the raw text on failure, read an
 * optional string field, cut a body for an error message, and make up a tool-call id for a wire format
 * that sends none.
 *
 * <pre>{@code
 * JsonNode root = WireJson.parseObject("anthropic", 200, body, "response");
 * String id = WireJson.orEmpty(WireJson.text(root, "id"));
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class WireJson {
    private WireJson() {
    }

    /**
     * Parses {@code text} as a JSON object.
     *
     * @param what what the text is, for the message (e.g. {@code response}, {@code stream line})
     * @throws ResponseParseException when it is not valid JSON or not an object; the raw text is kept
     */
    public static JsonNode parseObject(String provider, int status, String text, String what) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ResponseParseException(provider, status, provider + " " + what + " is not a JSON object", text, null);
            }
            return node;
        } catch (JacksonException e) {
            throw new ResponseParseException(provider, status, provider + " " + what + " is not valid JSON: "
                    + e.getOriginalMessage(), text, e);
        }
    }

    /** The string value of {@code field} (other values as JSON text), or {@code null} when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.toString();
    }

    /** {@code body} stripped and cut to {@code max} characters for an error message; {@code (empty body)} when blank. */
    public static String abbreviate(String body, int max) {
        String trimmed = body.strip();
        if (trimmed.isEmpty()) {
            return "(empty body)";
        }
        return trimmed.length() <= max ? trimmed : trimmed.substring(0, max) + "...";
    }

    /** {@code s}, or the empty string for {@code null}. */
    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** {@code s}, or {@code fallback} (never {@code null}) when {@code s} is null or empty. */
    public static String orDefault(String s, String fallback) {
        return s == null || s.isEmpty() ? orEmpty(fallback) : s;
    }

    /** A fresh tool-call id, {@code call_} and 24 hex digits, for a provider that sends none. */
    public static String newToolCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
