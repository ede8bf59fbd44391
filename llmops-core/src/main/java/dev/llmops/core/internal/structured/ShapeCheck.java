package dev.llmops.core.internal.structured;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Checks a parsed answer against the schema's structure: every property that cannot be null present, no
 * {@code null} where the schema does not allow it, every value of the right JSON type, every enum value one of the constants.
 * Reports all problems at once, each at its path, so one correction can fix them all. Properties the schema
 * does not name are ignored. Constraints ({@code minLength}, {@code minimum}, ...) are left to validation.
 *
 * <p>Not thread-safe: one instance checks one answer.
 */
final class ShapeCheck {
    private final DerivedSchema schema;
    private final List<String> violations = new ArrayList<>();

    private ShapeCheck(DerivedSchema schema) {
        this.schema = schema;
    }

    /** The problems of {@code answer}, in document order; empty when its shape matches. */
    static List<String> check(DerivedSchema schema, JsonNode answer) {
        ShapeCheck check = new ShapeCheck(schema);
        check.value(schema.root(), answer, "");
        return List.copyOf(check.violations);
    }

    private void value(TypeSchema expected, JsonNode node, String path) {
        if (expected instanceof TypeSchema.Nullable nullable) {
            if (!node.isNull()) {
                value(nullable.inner(), node, path);
            }
            return;
        }
        if (node.isNull()) {
            violations.add(Violations.at(path, "must not be null"));
            return;
        }
        switch (expected) {
            case TypeSchema.Scalar s -> {
                if (!matches(s.type(), node)) {
                    violations.add(Violations.at(path, "expected " + s.type().noun + ", got " + describe(node)));
                }
            }
            case TypeSchema.Enumeration e -> {
                if (!contains(e, node)) {
                    violations.add(Violations.at(path, Violations.abbreviate(node.toString()) + " is not one of " + e.values().stream()
                            .map(JsonNode::toString).collect(Collectors.joining(", "))));
                }
            }
            case TypeSchema.Array a -> {
                if (!node.isArray()) {
                    violations.add(Violations.at(path, "expected an array, got " + describe(node)));
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    value(a.items(), node.get(i), Violations.element(path, i));
                }
            }
            case TypeSchema.Obj o -> object(o, node, path);
            case TypeSchema.Ref r -> object(schema.resolve(r), node, path);
            case TypeSchema.Nullable n -> throw new AssertionError("handled above");
        }
    }

    private void object(TypeSchema.Obj obj, JsonNode node, String path) {
        if (!node.isObject()) {
            violations.add(Violations.at(path, "expected an object, got " + describe(node)));
            return;
        }
        for (TypeSchema.Property p : obj.properties()) {
            String propertyPath = Violations.property(path, p.jsonName());
            JsonNode value = node.get(p.jsonName());
            if (value == null) {
                // Strict schemas list every property, but a provider without strict mode may leave out one
                // that can be null; Jackson reads it as null (Optional.empty()), so it costs no correction.
                if (!(p.schema() instanceof TypeSchema.Nullable)) {
                    violations.add(Violations.at(propertyPath, "is missing (required)"));
                }
            } else {
                value(p.schema(), value, propertyPath);
            }
        }
    }

    private static boolean matches(TypeSchema.JsonType type, JsonNode node) {
        return switch (type) {
            case STRING -> node.isString();
            case BOOLEAN -> node.isBoolean();
            case NUMBER -> node.isNumber();
            // JSON Schema counts 2.0 as an integer; Jackson binds it as one.
            case INTEGER -> node.isIntegralNumber() || (node.isNumber() && isWhole(node.decimalValue()));
        };
    }

    private static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    private static boolean contains(TypeSchema.Enumeration e, JsonNode node) {
        for (JsonNode value : e.values()) {
            if (value.isNumber() ? node.isNumber() && value.decimalValue().compareTo(node.decimalValue()) == 0 : value.equals(node)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode node) {
        if (node.isString()) {
            return "a string (\"" + Violations.abbreviate(node.stringValue()) + "\")";
        }
        if (node.isNumber()) {
            return "a number (" + node + ")";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node + ")";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
