package dev.llmops.prompts.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks JSON against a JSON Schema, reporting every violation at its path. Supports the keywords prompt output
 * schemas use: {@code type} (one or a list), {@code enum}, {@code const}, {@code properties}, {@code required},
 * {@code additionalProperties} (boolean or schema), {@code items}, {@code minItems}, {@code maxItems},
 * {@code minLength}, {@code maxLength}, {@code pattern}, {@code minimum}, {@code maximum},
 * {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code allOf}, {@code anyOf}, {@code oneOf}, {@code not} and
 * local {@code $ref} ({@code #} and {@code #/$defs/...} or {@code #/definitions/...}). Other keywords are ignored.
 *
 * <p>Not thread-safe: one instance checks one document.
 */
public final class SchemaCheck {
    private final JsonNode root;
    private final List<String> violations = new ArrayList<>();

    private SchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** The violations of {@code json} against {@code schema}; empty when valid. Text that is not JSON is one violation. */
    public static List<String> check(String schema, String json) {
        JsonNode schemaNode = PromptJson.MAPPER.readTree(schema);
        JsonNode value;
        try {
            value = PromptJson.MAPPER.readTree(unfence(json));
        } catch (JacksonException e) {
            return List.of("the answer is not JSON: " + e.getOriginalMessage());
        }
        SchemaCheck check = new SchemaCheck(schemaNode);
        check.check(schemaNode, value, "$");
        return List.copyOf(check.violations);
    }

    /** The JSON inside a single Markdown code fence, as models often wrap it; the text itself otherwise. */
    static String unfence(String text) {
        String t = text.strip();
        if (t.startsWith("```") && t.endsWith("```") && t.length() > 6) {
            int newline = t.indexOf('\n');
            return newline < 0 ? t : t.substring(newline + 1, t.length() - 3);
        }
        return t;
    }

    private void check(JsonNode schema, JsonNode value, String path) {
        if (schema.isBoolean()) {
            if (!schema.asBoolean()) {
                violations.add(path + ": no value is allowed here");
            }
            return;
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asString()), value, path);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            violations.add(path + ": expected " + schema.get("type") + ", got " + typeOf(value));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            violations.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("const") && !equal(schema.get("const"), value)) {
            violations.add(path + ": expected " + schema.get("const") + ", got " + value);
        }
        if (value.isObject()) {
            object(schema, value, path);
        } else if (value.isArray()) {
            array(schema, value, path);
        } else if (value.isString()) {
            string(schema, value.asString(), path);
        } else if (value.isNumber()) {
            number(schema, value.decimalValue(), path);
        }
        for (JsonNode sub : schema.path("allOf")) {
            check(sub, value, path);
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            String keyword = schema.has("anyOf") ? "anyOf" : "oneOf";
            int matches = 0;
            for (JsonNode sub : schema.get(keyword)) {
                if (valid(sub, value)) {
                    matches++;
                }
            }
            if (matches == 0 || (keyword.equals("oneOf") && matches > 1)) {
                violations.add(path + ": matches " + matches + " of the " + keyword + " schemas");
            }
        }
        if (schema.has("not") && valid(schema.get("not"), value)) {
            violations.add(path + ": matches the schema under 'not'");
        }
    }

    private boolean valid(JsonNode schema, JsonNode value) {
        SchemaCheck sub = new SchemaCheck(root);
        sub.check(schema, value, "");
        return sub.violations.isEmpty();
    }

    private JsonNode resolve(String ref) {
        if (ref.equals("#")) {
            return root;
        }
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("$ref " + ref + " is not local: inline the schema or use #/$defs/...");
        }
        JsonNode node = root.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("$ref " + ref + " points at nothing in the schema");
        }
        return node;
    }

    private void object(JsonNode schema, JsonNode value, String path) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asString())) {
                violations.add(path + ": missing required property '" + required.asString() + "'");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + "." + e.getKey();
            if (properties.has(e.getKey())) {
                check(properties.get(e.getKey()), e.getValue(), p);
            } else if (additional != null) {
                if (additional.isBoolean() && !additional.asBoolean()) {
                    violations.add(p + ": property is not allowed (additionalProperties: false)");
                } else if (additional.isObject()) {
                    check(additional, e.getValue(), p);
                }
            }
        }
    }

    private void array(JsonNode schema, JsonNode value, String path) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            violations.add(path + ": has " + value.size() + " items, fewer than " + schema.get("minItems").asInt());
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            violations.add(path + ": has " + value.size() + " items, more than " + schema.get("maxItems").asInt());
        }
        if (schema.has("items") && schema.get("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]");
            }
        }
    }

    private void string(JsonNode schema, String s, String path) {
        int length = s.codePointCount(0, s.length());
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            violations.add(path + ": is shorter than " + schema.get("minLength").asInt() + " characters");
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            violations.add(path + ": is longer than " + schema.get("maxLength").asInt() + " characters");
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asString()).matcher(s).find()) {
            violations.add(path + ": does not match pattern " + schema.get("pattern").asString());
        }
    }

    private void number(JsonNode schema, BigDecimal n, String path) {
        if (schema.has("minimum") && n.compareTo(schema.get("minimum").decimalValue()) < 0) {
            violations.add(path + ": " + n + " is less than the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
            violations.add(path + ": " + n + " is more than the maximum " + schema.get("maximum"));
        }
        if (schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()
                && n.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
            violations.add(path + ": " + n + " is not more than " + schema.get("exclusiveMinimum"));
        }
        if (schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber()
                && n.compareTo(schema.get("exclusiveMaximum").decimalValue()) >= 0) {
            violations.add(path + ": " + n + " is not less than " + schema.get("exclusiveMaximum"));
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asString()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            default -> true;
        };
    }

    private static String typeOf(JsonNode value) {
        return value.isObject() ? "an object" : value.isArray() ? "an array" : value.isString() ? "a string"
                : value.isBoolean() ? "a boolean" : value.isNull() ? "null" : "a number (" + value + ")";
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (equal(v, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
