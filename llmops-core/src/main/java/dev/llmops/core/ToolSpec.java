package dev.llmops.core;

import dev.llmops.core.internal.Json;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool (function) the model may call.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name             1 to 64 letters, digits, underscores or hyphens
 * @param description      what the tool does and when to call it; the model reads this
 * @param parametersSchema the JSON Schema of the arguments object, as JSON text
 */
public record ToolSpec(String name, String description, String parametersSchema) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchema, "parametersSchema");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name '" + name
                    + "' is invalid: use 1 to 64 letters, digits, underscores or hyphens");
        }
        if (!Json.isObject(parametersSchema)) {
            throw new IllegalArgumentException("parameters schema of tool '" + name
                    + "' is not a JSON object: pass a JSON Schema such as {\"type\":\"object\",\"properties\":{...}}");
        }
    }

    /** A tool taking the arguments described by {@code parametersSchema} (JSON Schema text). */
    public static ToolSpec of(String name, String description, String parametersSchema) {
        return new ToolSpec(name, description, parametersSchema);
    }

    /**
     * A tool whose arguments are a {@code argumentsType} record; the schema comes from
     * {@link JsonSchemas#of(Class)}, so the model's arguments can be read back with Jackson into the record.
     *
     * <pre>{@code
     * record Weather(@JsonPropertyDescription("city name") String city, Optional<LocalDate> date) {}
     * ToolSpec tool = ToolSpec.of("weather", "Gets the forecast for a city", Weather.class);
     * }</pre>
     *
     * @throws IllegalArgumentException when the record cannot be described by a JSON Schema
     */
    public static ToolSpec of(String name, String description, Class<? extends Record> argumentsType) {
        return new ToolSpec(name, description, JsonSchemas.of(Objects.requireNonNull(argumentsType, "argumentsType")));
    }
}
