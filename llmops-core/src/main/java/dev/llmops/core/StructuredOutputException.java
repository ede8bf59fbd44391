package dev.llmops.core;

import java.util.List;

/**
 * The model's answer could not be turned into the requested type: it was not valid JSON, did not match the
 * schema, or broke the type's validation constraints, and it still failed after the model was asked again
 * with the errors. Keeps the raw text of the last answer and every violation found in it.
 *
 * <p>Immutable and thread-safe.
 */
public class StructuredOutputException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    private final String rawText;
    private final List<String> violations;
    private final transient Class<?> targetType;

    public StructuredOutputException(Class<?> targetType, String rawText, List<String> violations, String message,
            Throwable cause) {
        super(message, cause);
        this.targetType = targetType;
        this.rawText = rawText == null ? "" : rawText;
        this.violations = List.copyOf(violations);
    }

    /** The type the caller asked for. */
    public Class<?> targetType() {
        return targetType;
    }

    /** The model's last answer, verbatim. */
    public String rawText() {
        return rawText;
    }

    /** What was wrong with the last answer, one entry per problem, each naming the field. */
    public List<String> violations() {
        return violations;
    }
}
