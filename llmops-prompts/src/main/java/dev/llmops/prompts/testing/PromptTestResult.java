package dev.llmops.prompts.testing;

import dev.llmops.prompts.PromptTestCase;
import java.util.List;
import java.util.Objects;

/**
 * The result of one prompt test case.
 *
 * <p>Immutable and thread-safe.
 *
 * @param prompt   {@code name@version} of the prompt tested
 * @param testCase the case
 * @param answer   the model's answer text
 * @param failures one line per failed assertion; empty when the case passed
 */
public record PromptTestResult(String prompt, PromptTestCase testCase, String answer, List<String> failures) {
    public PromptTestResult {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(testCase, "testCase");
        Objects.requireNonNull(answer, "answer");
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
