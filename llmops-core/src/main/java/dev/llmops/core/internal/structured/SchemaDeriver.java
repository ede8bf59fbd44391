package dev.llmops.core.internal.structured;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.structured.TypeSchema.JsonType;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Derives a {@link TypeSchema} from a record or enum by reflection. Not thread-safe: one instance derives one
 * type; {@link DerivedSchema#of(Class)} creates one per type and caches the result.
 */
final class SchemaDeriver {
    private static final Set<Class<?>> INTEGRAL = Set.of(byte.class, short.class, int.class, long.class,
            Byte.class, Short.class, Integer.class, Long.class, BigInteger.class);
    private static final Set<Class<?>> FLOATING = Set.of(float.class, double.class, Float.class, Double.class,
            BigDecimal.class);
    private static final Map<Class<?>, Map<String, JsonNode>> TEXTUAL = Map.of(
            LocalDate.class, keyword("format", "date"),
            OffsetDateTime.class, keyword("format", "date-time"),
            ZonedDateTime.class, keyword("format", "date-time"),
            Instant.class, keyword("format", "date-time"),
            // RFC 3339's date-time has an offset, which a LocalDateTime has not; OpenAI has no format for it.
            LocalDateTime.class, keyword("pattern",
                    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?$"),
            UUID.class, keyword("format", "uuid"),
            // OpenAI's strict mode knows no "uri" format, so a URI is a plain string.
            URI.class, Map.of());
    private static final String SUPPORTED = "records, enums, String, char, boolean, byte/short/int/long, BigInteger, "
            + "float/double, BigDecimal, LocalDate, LocalDateTime, OffsetDateTime, ZonedDateTime, Instant, UUID, URI, "
            + "and List/Set/Collection/arrays/Optional of these";

    private final Class<?> root;
    private final Deque<Class<?>> inProgress = new ArrayDeque<>();
    private final Set<Class<?>> recursive = new HashSet<>();
    private final Map<Class<?>, TypeSchema.Obj> definitions = new LinkedHashMap<>();

    private SchemaDeriver(Class<?> root) {
        this.root = root;
    }

    /**
     * Derives the schema of {@code type}, a record or an enum.
     *
     * @throws IllegalArgumentException naming the type, the component path and the fix, when a part of
     *                                  {@code type} cannot be expressed as a strict JSON Schema
     */
    static DerivedSchema derive(Class<?> type) {
        SchemaDeriver deriver = new SchemaDeriver(type);
        String path = type.getSimpleName();
        TypeSchema schema;
        if (type.isRecord()) {
            schema = deriver.record(type, path);
        } else if (type.isEnum()) {
            schema = deriver.enumeration(type, path);
        } else {
            throw new IllegalArgumentException("Cannot derive a JSON Schema for " + type.getTypeName()
                    + ": it is not a record or an enum. Describe the answer as a record, e.g. record Answer("
                    + type.getSimpleName() + " value), whose components are " + SUPPORTED + ".");
        }
        return new DerivedSchema(type, schema, deriver.definitions);
    }

    private TypeSchema record(Class<?> type, String path) {
        if (definitions.containsKey(type)) {
            return new TypeSchema.Ref(type);
        }
        if (inProgress.contains(type)) {
            recursive.add(type);
            return new TypeSchema.Ref(type);
        }
        if (type.getTypeParameters().length > 0) {
            throw unsupported(path, type, "is a generic record, whose type arguments are lost at run time",
                    "declare a record with concrete component types");
        }
        inProgress.push(type);
        TypeSchema.Obj obj;
        try {
            List<TypeSchema.Property> properties = new ArrayList<>();
            Map<String, String> components = new HashMap<>();
            for (RecordComponent component : type.getRecordComponents()) {
                properties.add(property(type, component, path));
                String jsonName = properties.getLast().jsonName();
                String previous = components.putIfAbsent(jsonName, component.getName());
                if (previous != null) {
                    throw new IllegalArgumentException("Cannot derive a JSON Schema for " + path + ": components '"
                            + previous + "' and '" + component.getName() + "' both map to the JSON property '"
                            + jsonName + "'. Give them different names with @JsonProperty.");
                }
            }
            obj = new TypeSchema.Obj(type, classDescription(type), properties);
        } finally {
            inProgress.pop();
        }
        if (recursive.contains(type)) {
            definitions.put(type, obj);
            return type == root ? obj : new TypeSchema.Ref(type);
        }
        return obj;
    }

    private TypeSchema.Property property(Class<?> owner, RecordComponent component, String ownerPath) {
        String path = ownerPath + "." + component.getName();
        Method accessor = component.getAccessor();
        Field field;
        try {
            field = owner.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("record " + owner.getName() + " has no field for its component "
                    + component.getName(), e);
        }
        // Jackson's and Jakarta's annotations do not target record components; javac copies them to the
        // field, the accessor and the canonical constructor's parameter instead.
        List<Annotation> annotations = distinct(List.of(component.getAnnotations()), List.of(field.getAnnotations()),
                List.of(accessor.getAnnotations()));
        JsonProperty jsonProperty = find(annotations, JsonProperty.class);
        String jsonName = jsonProperty != null && !jsonProperty.value().isEmpty() ? jsonProperty.value() : component.getName();
        JsonPropertyDescription description = find(annotations, JsonPropertyDescription.class);
        AnnotatedType annotatedType = component.getAnnotatedType();
        TypeSchema schema = type(annotatedType, distinct(annotations, List.of(annotatedType.getAnnotations())), path);
        accessor.trySetAccessible();
        return new TypeSchema.Property(component.getName(), jsonName, description == null ? "" : description.value(),
                schema, accessor);
    }

    /** The schema of a value of {@code annotatedType} that carries {@code annotations}. */
    private TypeSchema type(AnnotatedType annotatedType, List<Annotation> annotations, String path) {
        Type type = annotatedType.getType();
        boolean nullable = annotations.stream().anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
        if (nullable && type instanceof Class<?> c && c.isPrimitive()) {
            throw unsupported(path, type, "is marked @Nullable, but a primitive cannot hold null",
                    "use the boxed type (" + boxedName(c) + ") or drop @Nullable");
        }
        TypeSchema schema = switch (type) {
            case Class<?> c -> classType(annotatedType, c, annotations, path);
            case ParameterizedType p -> parameterized((AnnotatedParameterizedType) annotatedType, p, annotations, path);
            case GenericArrayType g -> javaArray((AnnotatedArrayType) annotatedType, annotations, path);
            case WildcardType w -> throw unsupported(path, w, "is a wildcard type",
                    "name the type itself, e.g. List<Item> instead of List<? extends Item>");
            case TypeVariable<?> v -> throw unsupported(path, v, "is a type variable, unknown at run time",
                    "use a concrete type");
            default -> throw unsupported(path, type, "is not a kind of type a schema can describe", "use one of " + SUPPORTED);
        };
        return nullable && !(schema instanceof TypeSchema.Nullable) ? new TypeSchema.Nullable(schema) : schema;
    }

    private TypeSchema classType(AnnotatedType annotatedType, Class<?> c, List<Annotation> annotations, String path) {
        if (c == String.class || c == char[].class) { // Jackson reads and writes char[] as a string
            return new TypeSchema.Scalar(JsonType.STRING, ConstraintKeywords.forString(annotations));
        }
        if (c == char.class || c == Character.class) {
            Map<String, JsonNode> oneChar = new LinkedHashMap<>();
            oneChar.put("minLength", JsonNodeFactory.instance.numberNode(BigInteger.ONE));
            oneChar.put("maxLength", JsonNodeFactory.instance.numberNode(BigInteger.ONE));
            return new TypeSchema.Scalar(JsonType.STRING, oneChar);
        }
        if (c == boolean.class || c == Boolean.class) {
            return new TypeSchema.Scalar(JsonType.BOOLEAN, Map.of());
        }
        if (INTEGRAL.contains(c)) {
            return new TypeSchema.Scalar(JsonType.INTEGER, ConstraintKeywords.forNumber(annotations));
        }
        if (FLOATING.contains(c)) {
            return new TypeSchema.Scalar(JsonType.NUMBER, ConstraintKeywords.forNumber(annotations));
        }
        if (TEXTUAL.containsKey(c)) {
            return new TypeSchema.Scalar(JsonType.STRING, TEXTUAL.get(c));
        }
        if (c.isArray()) {
            return javaArray((AnnotatedArrayType) annotatedType, annotations, path);
        }
        if (c.isEnum()) {
            return enumeration(c, path);
        }
        if (c.isRecord()) {
            return record(c, path);
        }
        if (c == Optional.class || Collection.class.isAssignableFrom(c)) {
            throw unsupported(path, c, "is a raw type", "give its type argument, e.g. " + c.getSimpleName() + "<String>");
        }
        throw unsupportedClass(path, c, c);
    }

    private TypeSchema parameterized(AnnotatedParameterizedType annotatedType, ParameterizedType type,
            List<Annotation> annotations, String path) {
        Class<?> raw = (Class<?>) type.getRawType();
        AnnotatedType[] arguments = annotatedType.getAnnotatedActualTypeArguments();
        if (raw == Optional.class) {
            for (Annotation a : annotations) {
                if (ConstraintKeywords.MAPPED.contains(a.annotationType())) {
                    throw unsupported(path, type, "carries @" + a.annotationType().getSimpleName()
                            + ", which Jakarta Validation would check against the Optional itself and fail",
                            "put the constraint on the type argument: Optional<@" + a.annotationType().getSimpleName()
                            + "(...) " + typeName(arguments[0].getType()) + ">");
                }
            }
            TypeSchema inner = type(arguments[0], distinct(List.of(arguments[0].getAnnotations())), path);
            return inner instanceof TypeSchema.Nullable ? inner : new TypeSchema.Nullable(inner);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return collection(arguments[0], annotations, path, List.class.isAssignableFrom(raw));
        }
        if (raw.isRecord()) {
            throw unsupported(path, type, "is a generic record, whose type arguments are lost at run time",
                    "declare a record with concrete component types");
        }
        throw unsupportedClass(path, type, raw);
    }

    private TypeSchema collection(AnnotatedType element, List<Annotation> annotations, String path, boolean ordered) {
        TypeSchema items = type(element, distinct(List.of(element.getAnnotations())), path + "[]");
        return new TypeSchema.Array(items, ConstraintKeywords.forArray(annotations), ordered);
    }

    private TypeSchema javaArray(AnnotatedArrayType arrayType, List<Annotation> annotations, String path) {
        AnnotatedType element = arrayType.getAnnotatedGenericComponentType();
        // javac copies a declaration annotation of an array component (@Size String[] names) onto the element
        // type too; Jakarta Validation applies it to the array only, and so does the schema.
        List<Annotation> elementAnnotations = new ArrayList<>(distinct(List.of(element.getAnnotations())));
        elementAnnotations.removeAll(annotations);
        TypeSchema items = type(element, elementAnnotations, path + "[]");
        return new TypeSchema.Array(items, ConstraintKeywords.forArray(annotations), true);
    }

    private TypeSchema enumeration(Class<?> type, String path) {
        Object[] constants = type.getEnumConstants();
        if (constants.length == 0) {
            throw unsupported(path, type, "is an enum without constants, so no value can be chosen", "add constants");
        }
        List<JsonNode> values = new ArrayList<>(constants.length);
        boolean strings = true;
        boolean integers = true;
        for (Object constant : constants) {
            JsonNode value = Json.MAPPER.valueToTree(constant); // as Jackson writes it: @JsonProperty, @JsonValue, toString
            values.add(value);
            strings &= value.isString();
            integers &= value.isIntegralNumber();
        }
        if (!strings && !integers) {
            throw unsupported(path, type, "is written by Jackson as " + values + ", not as strings or integers",
                    "let Jackson write each constant as a string (the default) or an integer (@JsonValue)");
        }
        return new TypeSchema.Enumeration(strings ? JsonType.STRING : JsonType.INTEGER, values, classDescription(type));
    }

    private static IllegalArgumentException unsupportedClass(String path, Type type, Class<?> raw) {
        if (Map.class.isAssignableFrom(raw)) {
            return unsupported(path, type, "is a Map, whose keys a strict schema cannot name",
                    "use a record with one component per key, or a List of key/value records");
        }
        if (raw == Object.class) {
            return unsupported(path, type, "says nothing about the value's shape", "use a record or one of " + SUPPORTED);
        }
        if (raw.isInterface()) {
            return unsupported(path, type, "is an interface, and a schema needs one concrete shape",
                    "use a record or one of " + SUPPORTED);
        }
        return unsupported(path, type, "is a class, not a record", "make it a record, or use one of " + SUPPORTED);
    }

    private static IllegalArgumentException unsupported(String path, Type type, String problem, String fix) {
        return new IllegalArgumentException("Cannot derive a JSON Schema for " + path + ": " + typeName(type) + " "
                + problem + ". Fix: " + fix + ".");
    }

    private static String typeName(Type type) {
        return type.getTypeName().replace('$', '.');
    }

    private static String boxedName(Class<?> primitive) {
        return switch (primitive.getName()) {
            case "int" -> "Integer";
            case "char" -> "Character";
            default -> Character.toUpperCase(primitive.getName().charAt(0)) + primitive.getName().substring(1);
        };
    }

    private static String classDescription(Class<?> type) {
        JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
        return description == null ? "" : description.value();
    }

    private static <A extends Annotation> A find(List<Annotation> annotations, Class<A> type) {
        for (Annotation a : annotations) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }

    /**
     * The annotations of all lists, each once, with repeated constraints ({@code @Pattern.List}) unpacked.
     */
    @SafeVarargs
    private static List<Annotation> distinct(List<Annotation>... lists) {
        Set<Annotation> all = new LinkedHashSet<>();
        for (List<Annotation> list : lists) {
            for (Annotation a : list) {
                all.addAll(unpacked(a));
            }
        }
        return List.copyOf(all);
    }

    private static List<Annotation> unpacked(Annotation a) {
        Class<? extends Annotation> type = a.annotationType();
        if (type.getSimpleName().equals("List") && type.getEnclosingClass() != null && type.getEnclosingClass().isAnnotation()) {
            try {
                Object value = type.getMethod("value").invoke(a);
                if (value instanceof Annotation[] repeated) {
                    return List.of(repeated);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the repeated annotations of " + a, e);
            }
        }
        return List.of(a);
    }

    private static Map<String, JsonNode> keyword(String name, String value) {
        return Map.of(name, JsonNodeFactory.instance.stringNode(value));
    }
}
