package dev.llmops.core.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper llmops uses, and small JSON helpers. Jackson types never appear in llmops's public
 * API; this class is internal.
 *
 * <p>Thread-safe.
 */
public final class Json {
    /** Reads unknown properties without failing (providers add fields over time). */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** Whether {@code text} parses as a JSON object. */
    public static boolean isObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject();
        } catch (JacksonException e) {
            return false;
        }
    }
}
