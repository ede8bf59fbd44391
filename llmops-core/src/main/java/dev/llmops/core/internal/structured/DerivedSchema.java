package dev.llmops.core.internal.structured;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON Schema of one record or enum type, with the tree it was written from. Derived once per class and
 * cached for the life of the class.
 *
 * <p>Immutable and thread-safe.
 */
public final class DerivedSchema {
    private static final ClassValue<DerivedSchema> CACHE = new ClassValue<>() {
        @Override
        protected DerivedSchema computeValue(Class<?> type) {
            return SchemaDeriver.derive(type);
        }
    };

    private final Class<?> type;
    private final TypeSchema root;
    private final Map<Class<?>, TypeSchema.Obj> definitions;
    private final String json;

    DerivedSchema(Class<?> type, TypeSchema root, Map<Class<?>, TypeSchema.Obj> definitions) {
        this.type = type;
        this.root = root;
        this.definitions = Map.copyOf(definitions);
        this.json = SchemaWriter.write(type, root, new LinkedHashMap<>(definitions));
    }

    /**
     * The schema of {@code type}, derived on first use.
     *
     * @throws IllegalArgumentException when {@code type} or a part of it cannot be described by a strict JSON
     *                                  Schema; the message names the type, the component path and the fix
     */
    public static DerivedSchema of(Class<?> type) {
        return CACHE.get(Objects.requireNonNull(type, "type"));
    }

    /** The type the schema describes. */
    public Class<?> type() {
        return type;
    }

    /** The JSON Schema as compact JSON text. */
    public String json() {
        return json;
    }

    TypeSchema root() {
        return root;
    }

    /** The definition a reference points to. */
    TypeSchema.Obj resolve(TypeSchema.Ref ref) {
        TypeSchema.Obj obj = definitions.get(ref.recordType());
        if (obj == null) {
            throw new IllegalStateException("no definition of " + ref.recordType().getName() + " in the schema of " + type.getName());
        }
        return obj;
    }
}
