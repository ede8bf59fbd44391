package dev.llmops.prompts.internal;

import dev.llmops.core.ChatOptions;
import dev.llmops.prompts.PromptTestCase;
import dev.llmops.prompts.Variable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt file as read, before its partials are linked.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name         the prompt's name
 * @param version      its version
 * @param description  what it is for; may be empty
 * @param author       who wrote this version; may be empty
 * @param message      the change message of this version; may be empty
 * @param options      model and parameters, no metadata
 * @param variables    the declared inputs, in file order
 * @param outputSchema the JSON Schema of the answer; empty when none
 * @param tags         free tags
 * @param tests        inline test cases
 * @param samples      sample inputs (Prompty's {@code sample}); may be empty
 * @param file         where it was read from
 * @param text         the whole file text, line endings normalized to {@code \n}
 * @param hash         {@code sha256:<hex>} of {@code text}
 * @param body         the template
 * @param bodyLine     the file line of the template's first line
 * @param scan         the template's tags
 */
public record ParsedPrompt(String name, String version, String description, String author, String message,
                           ChatOptions options, List<Variable> variables, String outputSchema, List<String> tags,
                           List<PromptTestCase> tests, Map<String, Object> samples, String file, String text, String hash,
                           String body, int bodyLine, TemplateScan scan) {
    public ParsedPrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        variables = List.copyOf(variables);
        tags = List.copyOf(tags);
        tests = List.copyOf(tests);
        samples = Collections.unmodifiableMap(new LinkedHashMap<>(samples));
    }

    /** {@code name@version}. */
    public String id() {
        return name + "@" + version;
    }
}
