package dev.llmops.prompts;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One check of a prompt test case on the model's answer. Written in a prompt file's {@code tests} as
 * {@code contains: text}, {@code not-contains: text}, {@code regex: pattern} or {@code json-schema-valid: true}
 * (the prompt's output schema) / {@code json-schema-valid: {schema...}}.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface PromptAssertion {

    /** The answer contains {@code text}. */
    record Contains(String text) implements PromptAssertion {
        public Contains {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The answer does not contain {@code text}. */
    record NotContains(String text) implements PromptAssertion {
        public NotContains {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A match of {@code pattern} is found in the answer ({@link java.util.regex.Matcher#find()}). */
    record Regex(String pattern) implements PromptAssertion {
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("regex '" + pattern + "' is invalid (" + e.getDescription()
                        + "): fix the pattern", e);
            }
        }
    }

    /**
     * The answer is JSON valid against {@code schema} (JSON Schema text). See
     * {@link dev.llmops.prompts.testing.PromptTests} for the keywords checked.
     */
    record JsonSchemaValid(String schema) implements PromptAssertion {
        public JsonSchemaValid {
            Objects.requireNonNull(schema, "schema");
        }
    }
}
