package dev.llmops.core.internal.structured;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The schema derived from one Java type, before it is written as JSON Schema. The same tree checks the shape
 * of an answer ({@link ShapeCheck}) and guides validation ({@link AnswerReader}), so the schema sent to the
 * model and the checks applied to its answer cannot drift apart.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
sealed interface TypeSchema {

    /**
     * A JSON string, integer, number or boolean.
     *
     * @param type     the JSON Schema type
     * @param keywords further keywords ({@code format}, {@code minLength}, {@code minimum}, ...) in writing order
     */
    record Scalar(JsonType type, Map<String, JsonNode> keywords) implements TypeSchema {
        public Scalar {
            Objects.requireNonNull(type, "type");
            keywords = copyInOrder(keywords);
        }
    }

    /**
     * One of a fixed set of values (a Java enum).
     *
     * @param type        the JSON type of every value
     * @param values      the values as Jackson writes them
     * @param description from {@code @JsonClassDescription}; empty for none
     */
    record Enumeration(JsonType type, List<JsonNode> values, String description) implements TypeSchema {
        public Enumeration {
            values = List.copyOf(values);
        }
    }

    /**
     * A JSON array.
     *
     * @param items    the schema of every element
     * @param keywords {@code minItems} / {@code maxItems}
     * @param ordered  whether element positions mean something (a list or array, not a set)
     */
    record Array(TypeSchema items, Map<String, JsonNode> keywords, boolean ordered) implements TypeSchema {
        public Array {
            keywords = copyInOrder(keywords);
        }
    }

    /**
     * A JSON object read into a record.
     *
     * @param recordType  the record
     * @param description from {@code @JsonClassDescription}; empty for none
     * @param properties  one per record component, in declaration order
     */
    record Obj(Class<?> recordType, String description, List<Property> properties) implements TypeSchema {
        public Obj {
            properties = List.copyOf(properties);
        }

        /** The JSON name of the component named {@code javaName}, or {@code javaName} itself if there is none. */
        String jsonName(String javaName) {
            for (Property p : properties) {
                if (p.javaName().equals(javaName)) {
                    return p.jsonName();
                }
            }
            return javaName;
        }
    }

    /** A reference to a record defined once, because it contains itself. */
    record Ref(Class<?> recordType) implements TypeSchema {
    }

    /** {@code inner} or JSON {@code null}. */
    record Nullable(TypeSchema inner) implements TypeSchema {
        public Nullable {
            if (inner instanceof Nullable) {
                throw new IllegalArgumentException("a nullable value inside a nullable value: unwrap it first");
            }
        }
    }

    /**
     * One record component as a JSON property.
     *
     * @param javaName    the component's name
     * @param jsonName    the property's name (from {@code @JsonProperty}, else the component's)
     * @param description from {@code @JsonPropertyDescription}; empty for none
     * @param schema      the property's value
     * @param accessor    the component's accessor, to walk a bound value
     */
    record Property(String javaName, String jsonName, String description, TypeSchema schema, Method accessor) {
    }

    /** An unmodifiable copy of {@code keywords} that keeps their order. */
    private static Map<String, JsonNode> copyInOrder(Map<String, JsonNode> keywords) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    }

    /** JSON Schema's primitive types, as written in {@code "type"}. */
    enum JsonType {
        STRING("string", "a string"),
        INTEGER("integer", "an integer"),
        NUMBER("number", "a number"),
        BOOLEAN("boolean", "a boolean");

        final String keyword;
        final String noun;

        JsonType(String keyword, String noun) {
            this.keyword = keyword;
            this.noun = noun;
        }
    }
}
