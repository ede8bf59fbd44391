package dev.llmops.prompts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inline test case of a prompt file: the input variables to render with and the assertions on the answer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name       the case's name (shown as the test's name)
 * @param inputs     the variables to render the prompt with
 * @param assertions the checks on the answer; at least one
 * @param line       the line of the case in its file, or 0
 */
public record PromptTestCase(String name, Map<String, Object> inputs, List<PromptAssertion> assertions, int line) {
    public PromptTestCase {
        Objects.requireNonNull(name, "name");
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        assertions = List.copyOf(assertions);
        if (assertions.isEmpty()) {
            throw new IllegalArgumentException("test case '" + name + "' has no assertions: add contains, not-contains, regex or json-schema-valid");
        }
    }
}
