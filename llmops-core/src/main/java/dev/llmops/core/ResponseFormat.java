package dev.llmops.core;

import dev.llmops.core.internal.Json;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shape the model must answer in: free text, any JSON object, or JSON matching a schema.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface ResponseFormat {
    /** Free text (the default). */
    ResponseFormat TEXT = new Text();
    /** Any JSON object ("JSON mode"). The prompt itself should still ask for JSON. */
    ResponseFormat JSON = new JsonObject();

    /** JSON matching {@code schema}, enforced by the provider where it can ({@code strict}). */
    static ResponseFormat jsonSchema(String name, String schema, boolean strict) {
        return new JsonSchema(name, schema, strict);
    }

    /** See {@link #TEXT}. */
    record Text() implements ResponseFormat {
    }

    /** See {@link #JSON}. */
    record JsonObject() implements ResponseFormat {
    }

    /**
     * JSON matching a schema.
     *
     * @param name   a name for the schema: 1 to 64 letters, digits, underscores or hyphens
     * @param schema the JSON Schema as JSON text
     * @param strict whether the provider must enforce the schema exactly (OpenAI's structured outputs)
     */
    record JsonSchema(String name, String schema, boolean strict) implements ResponseFormat {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        public JsonSchema {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(schema, "schema");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("schema name '" + name
                        + "' is invalid: use 1 to 64 letters, digits, underscores or hyphens");
            }
            if (!Json.isObject(schema)) {
                throw new IllegalArgumentException("schema '" + name + "' is not a JSON object: pass JSON Schema text such as {\"type\":\"object\",...}");
            }
        }
    }
}
