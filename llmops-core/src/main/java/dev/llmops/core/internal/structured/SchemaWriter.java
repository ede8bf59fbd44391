package dev.llmops.core.internal.structured;

import dev.llmops.core.internal.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link TypeSchema} as JSON Schema in the subset OpenAI's strict structured outputs accept: every
 * object lists all its properties in {@code required} and forbids others; a value that may be absent is a
 * union with {@code null} (a type array for scalars and arrays, {@code anyOf} for objects and references);
 * a record that contains itself is defined once under {@code $defs} (or is the root, {@code #}); a
 * {@code $ref} never has sibling keywords.
 *
 * <p>Not thread-safe: one instance writes one schema.
 */
final class SchemaWriter {
    private final Class<?> root;
    private final Map<Class<?>, String> definitionNames = new LinkedHashMap<>();

    private SchemaWriter(Class<?> root, Map<Class<?>, TypeSchema.Obj> definitions) {
        this.root = root;
        Set<String> taken = new HashSet<>();
        for (Class<?> type : definitions.keySet()) {
            if (type != root) {
                String name = type.getSimpleName();
                for (int n = 2; !taken.add(name); n++) {
                    name = type.getSimpleName() + "_" + n;
                }
                definitionNames.put(type, name);
            }
        }
    }

    /** The schema of {@code root} as compact JSON text. */
    static String write(Class<?> root, TypeSchema schema, Map<Class<?>, TypeSchema.Obj> definitions) {
        SchemaWriter writer = new SchemaWriter(root, definitions);
        ObjectNode node = writer.write(schema, "");
        if (!writer.definitionNames.isEmpty()) {
            ObjectNode defs = node.putObject("$defs");
            writer.definitionNames.forEach((type, name) -> defs.set(name, writer.write(definitions.get(type), "")));
        }
        return Json.MAPPER.writeValueAsString(node);
    }

    private ObjectNode write(TypeSchema schema, String description) {
        return switch (schema) {
            case TypeSchema.Scalar s -> typed(s.type().keyword, description, s.keywords());
            case TypeSchema.Enumeration e -> {
                ObjectNode node = typed(e.type().keyword, description.isEmpty() ? e.description() : description, Map.of());
                node.putArray("enum").addAll(e.values());
                yield node;
            }
            case TypeSchema.Array a -> {
                ObjectNode node = typed("array", description, Map.of());
                node.set("items", write(a.items(), ""));
                node.setAll(a.keywords());
                yield node;
            }
            case TypeSchema.Obj o -> object(o, description);
            case TypeSchema.Ref r -> {
                ObjectNode ref = Json.MAPPER.createObjectNode().put("$ref", r.recordType() == root ? "#" : "#/$defs/" + definitionNames.get(r.recordType()));
                yield description.isEmpty() ? ref : anyOf(description, ref);
            }
            case TypeSchema.Nullable n -> nullable(n.inner(), description);
        };
    }

    private ObjectNode nullable(TypeSchema inner, String description) {
        if (inner instanceof TypeSchema.Obj || inner instanceof TypeSchema.Ref) {
            ObjectNode alternative = anyOf(description, write(inner, ""));
            ((ArrayNode) alternative.get("anyOf")).addObject().put("type", "null");
            return alternative;
        }
        ObjectNode node = write(inner, description);
        JsonNode type = node.get("type");
        node.putArray("type").add(type).add("null");
        if (node.get("enum") instanceof ArrayNode values) {
            values.addNull();
        }
        return node;
    }

    private ObjectNode object(TypeSchema.Obj obj, String description) {
        ObjectNode node = typed("object", description.isEmpty() ? obj.description() : description, Map.of());
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = node.putArray("required");
        for (TypeSchema.Property p : obj.properties()) {
            properties.set(p.jsonName(), write(p.schema(), p.description()));
            required.add(p.jsonName());
        }
        node.put("additionalProperties", false);
        return node;
    }

    private static ObjectNode typed(String type, String description, Map<String, JsonNode> keywords) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("type", type);
        if (!description.isEmpty()) {
            node.put("description", description);
        }
        node.setAll(keywords);
        return node;
    }

    private static ObjectNode anyOf(String description, ObjectNode alternative) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (!description.isEmpty()) {
            node.put("description", description);
        }
        node.putArray("anyOf").add(alternative);
        return node;
    }
}
