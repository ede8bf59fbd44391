package dev.llmops.core.internal.http;

import dev.llmops.core.ResponseParseException;
import dev.llmops.core.internal.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Small readers for provider response JSON: parsing a body or event into an object while keeping the raw
 * text on failure, and reading optional string fields.
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

    /** Parses JSON text that must be an object; otherwise a {@link ResponseParseException} keeping {@code text}. */
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
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.toString();
    }

    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** {@code s}, or {@code fallback} (never {@code null}) when {@code s} is null or empty. */
    public static String orDefault(String s, String fallback) {
        return s == null || s.isEmpty() ? orEmpty(fallback) : s;
    }
}
