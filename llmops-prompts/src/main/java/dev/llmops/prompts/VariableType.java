package dev.llmops.prompts;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The type of a declared input variable, as written in a prompt file's {@code inputs} ({@code string},
 * {@code integer}, {@code number}, {@code boolean}, {@code list}, {@code object}, {@code any}).
 *
 * <p>Immutable and thread-safe.
 */
public enum VariableType {
    /** A {@link CharSequence}. */
    STRING("a string"),
    /** A whole number: {@code int}, {@code long}, {@code short}, {@code byte} or {@link BigInteger}. */
    INTEGER("an integer"),
    /** Any {@link Number}. */
    NUMBER("a number"),
    /** A {@link Boolean}. */
    BOOLEAN("a boolean"),
    /** A {@link Collection} or an array (iterated by sections, e.g. few-shot examples). */
    LIST("a list"),
    /** A {@link Map}, a record or any other object whose properties the template reads. */
    OBJECT("an object"),
    /** Any value. */
    ANY("any value");

    private final String noun;

    VariableType(String noun) {
        this.noun = noun;
    }

    /** "a string", "an integer", ...: for messages. */
    public String noun() {
        return noun;
    }

    /** The type a prompt file names, case-insensitively; {@code array} and {@code float} are aliases. */
    public static VariableType parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "string", "str" -> STRING;
            case "integer", "int" -> INTEGER;
            case "number", "float", "double" -> NUMBER;
            case "boolean", "bool" -> BOOLEAN;
            case "list", "array" -> LIST;
            case "object", "map" -> OBJECT;
            case "any" -> ANY;
            default -> throw new IllegalArgumentException("unknown variable type '" + name
                    + "': use one of string, integer, number, boolean, list, object, any");
        };
    }

    /** Whether {@code value} (never null) is of this type. */
    public boolean accepts(Object value) {
        return switch (this) {
            case STRING -> value instanceof CharSequence;
            case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte || value instanceof BigInteger
                    || (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0);
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case LIST -> value instanceof Collection<?> || value.getClass().isArray();
            case OBJECT -> !(value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                    || value instanceof Collection<?> || value.getClass().isArray());
            case ANY -> true;
        };
    }

    /** The type name a message shows for a value: "Integer 5", "List of 3". */
    static String describe(Object value) {
        if (value instanceof Collection<?> c) {
            return "a list of " + c.size();
        }
        if (value.getClass().isArray()) {
            return "an array of " + Array.getLength(value);
        }
        String text = String.valueOf(value);
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return value.getClass().getSimpleName() + " " + (value instanceof CharSequence ? "\"" + text + "\"" : text);
    }

    /** The name a prompt file uses for this type. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
