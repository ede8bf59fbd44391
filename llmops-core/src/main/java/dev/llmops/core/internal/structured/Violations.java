package dev.llmops.core.internal.structured;

import java.net.URI;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * How violations are written: {@code path: problem}, where the path uses the JSON property names the model
 * sees ({@code items[2].product}) and {@code $} is the whole answer. Also the texts built from them: the
 * message that asks the model for a correction, and the exception message.
 *
 * <p>Thread-safe (stateless).
 */
public final class Violations {
    private static final int MAX_VALUE_CHARS = 80;

    private Violations() {
    }

    /** The path of property {@code name} inside {@code path}. */
    static String property(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The path of element {@code index} of the array at {@code path}; {@code -1} for an unordered element. */
    static String element(String path, int index) {
        return path + (index < 0 ? "[]" : "[" + index + "]");
    }

    /** One violation: what is wrong at {@code path}. */
    static String at(String path, String problem) {
        return (path.isEmpty() ? "$" : path) + ": " + problem;
    }

    /** A short rendering of a bound value for a violation, e.g. {@code (was "  ")}; empty when not useful. */
    static String was(Object value) {
        return switch (value) {
            case null -> " (was null)";
            case CharSequence s -> " (was \"" + abbreviate(s.toString()) + "\")";
            case Number n -> " (was " + n + ")";
            case Boolean b -> " (was " + b + ")";
            case Enum<?> e -> " (was " + e.name() + ")";
            case TemporalAccessor t -> " (was " + t + ")";
            case UUID u -> " (was " + u + ")";
            case URI u -> " (was " + abbreviate(u.toString()) + ")";
            case Collection<?> c -> " (had " + c.size() + (c.size() == 1 ? " element)" : " elements)");
            default -> "";
        };
    }

    /** {@code text} cut to a readable length. */
    static String abbreviate(String text) {
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
    }

    /**
     * The user turn that asks the model to correct its answer.
     *
     * @param typeName   the name of the requested type, as the response format names it
     * @param violations what was wrong with the previous answer
     * @param schema     the JSON Schema the answer must match
     */
    public static String correctionRequest(String typeName, List<String> violations, String schema) {
        StringBuilder text = new StringBuilder("Your previous answer cannot be used as ").append(typeName)
                .append(". Problems:\n");
        for (String violation : violations) {
            text.append("- ").append(violation).append('\n');
        }
        return text.append("Reply with only the corrected JSON object, no other text. It must match this JSON Schema:\n")
                .append(schema)
                .toString();
    }

    /** The message of the exception thrown when no attempt produced a valid answer. */
    public static String failure(Class<?> type, int attempts, List<String> violations) {
        return "The model's answer is not a valid " + type.getSimpleName() + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + ": " + String.join("; ", violations)
                + ". The last answer is in rawText(); if the model cannot meet the constraints, relax them, "
                + "improve the prompt or allow more repair attempts.";
    }
}
