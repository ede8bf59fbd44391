package dev.llmops.core.internal.structured;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ToolCall;
import dev.llmops.core.internal.Json;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Reads a model's answer into the requested record, in four steps, each of which stops at the first step
 * that finds problems: find the JSON ({@link AnswerText}); parse it; check its shape against the schema
 * ({@link ShapeCheck}); bind it with Jackson and validate every record in it with Jakarta Validation
 * (nested records too, with or without {@code @Valid}: the schema already promised the model their
 * constraints).
 *
 * <p>Not thread-safe: one instance reads one answer.
 */
public final class AnswerReader<T> {
    private final DerivedSchema schema;
    private final Class<T> type;
    private final Validator validator;
    private final List<String> violations = new ArrayList<>();

    private AnswerReader(DerivedSchema schema, Class<T> type, Validator validator) {
        this.schema = schema;
        this.type = type;
        this.validator = validator;
    }

    /**
     * The outcome of reading one answer: a value, or the violations found and the exception behind them
     * (if one was).
     *
     * @param value      the valid value; {@code null} when there are violations
     * @param violations what is wrong with the answer, each naming its path; empty when {@code value} is set
     * @param cause      the parse or binding exception behind the violations; {@code null} for none
     */
    public record Reading<T>(T value, List<String> violations, Throwable cause) {
        public Reading {
            violations = List.copyOf(violations);
        }

        /** Whether the answer was read into a valid value. */
        public boolean isValid() {
            return violations.isEmpty();
        }
    }

    /**
     * Reads {@code response}'s text as a {@code type}.
     *
     * @param schema the schema of {@code type}
     */
    public static <T> Reading<T> read(ChatResponse response, DerivedSchema schema, Class<T> type, Validator validator) {
        Objects.requireNonNull(response, "response");
        if (schema.type() != type) {
            throw new IllegalArgumentException("schema of " + schema.type().getName() + " cannot read a " + type.getName());
        }
        return new AnswerReader<>(schema, type, Objects.requireNonNull(validator, "validator")).read(response);
    }

    private Reading<T> read(ChatResponse response) {
        String text = response.text();
        if (text.isBlank()) {
            return failed(Violations.at("", emptyAnswer(response)), null);
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(AnswerText.json(text));
        } catch (JacksonException e) {
            String cutOff = response.finishReason() == FinishReason.LENGTH
                    ? " (the answer was cut off at the output token limit)" : "";
            return failed(Violations.at("", "is not valid JSON" + cutOff + ": " + e.getOriginalMessage() + location(e)), e);
        }
        if (tree.isMissingNode()) {
            return failed(Violations.at("", "contains no JSON value: expected a JSON object"), null);
        }
        violations.addAll(ShapeCheck.check(schema, tree));
        if (!violations.isEmpty()) {
            return new Reading<>(null, violations, null);
        }
        T value;
        try {
            value = Json.MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            return failed(Violations.at(jsonPath(e), bindingProblem(e)), e);
        }
        validate(schema.root(), value, "");
        return violations.isEmpty() ? new Reading<>(value, List.of(), null) : new Reading<>(null, violations, null);
    }

    private Reading<T> failed(String violation, Throwable cause) {
        return new Reading<>(null, List.of(violation), cause);
    }

    private static String emptyAnswer(ChatResponse response) {
        if (response.message().hasToolCalls()) {
            return "has no text, only tool calls (" + response.message().toolCalls().stream().map(ToolCall::name)
                    .collect(Collectors.joining(", ")) + "): answer with the JSON object instead";
        }
        if (response.finishReason() == FinishReason.CONTENT_FILTER) {
            return "is empty: the provider's content filter blocked it";
        }
        return "is empty (no text, possibly a refusal): expected a JSON object";
    }

    private static String location(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String jsonPath(JacksonException e) {
        String path = "";
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path = Violations.property(path, reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path = Violations.element(path, reference.getIndex());
            }
        }
        return path;
    }

    private static String bindingProblem(JacksonException e) {
        // A record's constructor that rejects its arguments speaks through the cause; say what it said.
        Throwable cause = e.getCause();
        if (e instanceof ValueInstantiationException && cause != null && cause.getMessage() != null) {
            return "is rejected: " + cause.getMessage();
        }
        return "cannot be read: " + e.getOriginalMessage();
    }

    private void validate(TypeSchema expected, Object value, String path) {
        Object present = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (present == null) {
            return; // the shape check already reported a null where none is allowed
        }
        switch (expected) {
            case TypeSchema.Nullable n -> validate(n.inner(), present, path);
            case TypeSchema.Obj o -> record(o, present, path);
            case TypeSchema.Ref r -> record(schema.resolve(r), present, path);
            case TypeSchema.Array a -> elements(a, present, path);
            case TypeSchema.Scalar s -> {
            }
            case TypeSchema.Enumeration e -> {
            }
        }
    }

    private void elements(TypeSchema.Array array, Object value, String path) {
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                validate(array.items(), element, Violations.element(path, array.ordered() ? i++ : -1));
            }
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                validate(array.items(), java.lang.reflect.Array.get(value, i), Violations.element(path, i));
            }
        }
    }

    private void record(TypeSchema.Obj obj, Object value, String path) {
        // Violations inside nested records (reached through @Valid) are reported when their record is visited.
        List<String> own = new ArrayList<>();
        for (ConstraintViolation<Object> v : validator.validate(value)) {
            if (v.getLeafBean() == value) {
                own.add(Violations.at(violationPath(obj, path, v.getPropertyPath()), v.getMessage() + Violations.was(v.getInvalidValue())));
            }
        }
        own.sort(null);
        violations.addAll(own);
        for (TypeSchema.Property p : obj.properties()) {
            validate(p.schema(), component(p, value), Violations.property(path, p.jsonName()));
        }
    }

    private static String violationPath(TypeSchema.Obj obj, String path, Path propertyPath) {
        String result = path;
        for (Path.Node node : propertyPath) {
            if (node.isInIterable()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                result = result + "[" + (position == null ? "" : position) + "]";
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                result = Violations.property(result, obj.jsonName(node.getName()));
            }
        }
        return result;
    }

    private static Object component(TypeSchema.Property property, Object record) {
        try {
            return property.accessor().invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read component " + property.javaName() + " of "
                    + record.getClass().getName() + ": make the record public or open its package to llmops", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("accessor " + property.javaName() + "() of " + record.getClass().getName()
                    + " threw " + e.getCause(), e.getCause());
        }
    }
}
