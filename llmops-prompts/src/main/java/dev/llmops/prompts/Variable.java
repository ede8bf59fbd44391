package dev.llmops.prompts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A declared input variable of a prompt: its type, whether it is required, its default and allowed values.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name          the name the template uses
 * @param type          the type a value must have
 * @param required      whether a value must be given (a variable with a default never is)
 * @param defaultValue  the value used when none is given; {@code null} for none (see {@link #defaultValueIfAny()})
 * @param allowedValues the only values allowed, compared as text; empty for any
 * @param description   what the variable is for; may be empty
 * @param line          the line of the declaration in its file, or 0
 */
public record Variable(String name, VariableType type, boolean required, Object defaultValue,
                       List<String> allowedValues, String description, int line) {
    public Variable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        allowedValues = List.copyOf(allowedValues);
        if (name.isBlank()) {
            throw new IllegalArgumentException("variable name is blank: name it as the template does");
        }
        if (defaultValue != null) {
            if (!type.accepts(defaultValue)) {
                throw new IllegalArgumentException("default of variable '" + name + "' is " + VariableType.describe(defaultValue)
                        + ", not " + type.noun() + ": change the default or the type");
            }
            defaultValue = freeze(defaultValue);
            required = false;
        }
    }

    /** A variable of {@code type} with no default, description or allowed values. */
    public static Variable of(String name, VariableType type, boolean required) {
        return new Variable(name, type, required, null, List.of(), "", 0);
    }

    /** The default, when there is one. */
    public Optional<Object> defaultValueIfAny() {
        return Optional.ofNullable(defaultValue);
    }

    private static Object freeze(Object value) {
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(v == null ? null : freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, v == null ? null : freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        return value;
    }
}
