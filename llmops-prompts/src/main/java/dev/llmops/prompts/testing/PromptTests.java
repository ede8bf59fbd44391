package dev.llmops.prompts.testing;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatResponse;
import dev.llmops.prompts.Prompt;
import dev.llmops.prompts.PromptAssertion;
import dev.llmops.prompts.PromptTestCase;
import dev.llmops.prompts.internal.SchemaCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs the inline test cases of prompt files ({@code tests:} in the front matter) against a chat model: in CI a
 * {@code ScriptedChatModel} or a {@code CassetteChatModel} replaying recorded answers, against a real provider
 * when recording.
 *
 * <pre>{@code
 * class PromptFileTests {
 *     static final PromptRegistry REGISTRY = PromptRegistry.builder().classpath("prompts").build();
 *
 *     @TestFactory
 *     Stream<DynamicTest> supportAnswer() {
 *         ChatModel model = CassetteChatModel.replay(Path.of("src/test/resources/cassettes/support-answer.json"));
 *         return PromptTests.dynamicTests(REGISTRY.versions("support-answer"), model);
 *     }
 * }
 * }</pre>
 *
 * <p>Each case renders the prompt with its inputs, sends the request (which carries the prompt's name, version and
 * hash) and checks every assertion, reporting all failures at once. {@code json-schema-valid} parses the answer
 * (or the JSON inside one Markdown code fence) and checks it with the keywords listed in the
 * {@code dev.llmops.prompts.internal.SchemaCheck} javadoc: types, properties, required, additionalProperties,
 * items, enum, const, lengths, patterns, bounds, allOf/anyOf/oneOf/not and local $ref.
 *
 * <p>JUnit Jupiter is an optional dependency of llmops-prompts: {@link #dynamicTests} needs
 * {@code junit-jupiter-api} on the test classpath (where it already is); {@link #run} needs nothing.
 *
 * <p>Thread-safe (stateless).
 */
public final class PromptTests {
    private PromptTests() {
    }

    /** Runs every test case of a prompt and returns the results in file order. */
    public static List<PromptTestResult> run(Prompt prompt, ChatModel model) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
        List<PromptTestResult> results = new ArrayList<>();
        for (PromptTestCase c : prompt.tests()) {
            results.add(run(prompt, c, model));
        }
        return results;
    }

    /** Runs one test case. */
    public static PromptTestResult run(Prompt prompt, PromptTestCase testCase, ChatModel model) {
        ChatResponse response = model.chat(prompt.toRequest(testCase.inputs()));
        String answer = response.text();
        List<String> failures = new ArrayList<>();
        for (PromptAssertion a : testCase.assertions()) {
            switch (a) {
                case PromptAssertion.Contains c -> {
                    if (!answer.contains(c.text())) {
                        failures.add("expected the answer to contain \"" + c.text() + "\"");
                    }
                }
                case PromptAssertion.NotContains n -> {
                    if (answer.contains(n.text())) {
                        failures.add("expected the answer not to contain \"" + n.text() + "\"");
                    }
                }
                case PromptAssertion.Regex r -> {
                    if (!Pattern.compile(r.pattern()).matcher(answer).find()) {
                        failures.add("expected the answer to match /" + r.pattern() + "/");
                    }
                }
                case PromptAssertion.JsonSchemaValid s -> SchemaCheck.check(s.schema(), answer)
                        .forEach(v -> failures.add("expected JSON valid against the schema: " + v));
            }
        }
        return new PromptTestResult(prompt.id(), testCase, answer, failures);
    }

    /**
     * One dynamic test per test case of {@code prompt}, named {@code name@version: case}, located at the prompt
     * file when it is a file; a failing case throws an {@link AssertionError} listing every failed assertion
     * and the answer.
     */
    public static Stream<DynamicTest> dynamicTests(Prompt prompt, ChatModel model) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
        Path file = Path.of(prompt.file().startsWith("classpath:") ? "-" : prompt.file());
        return prompt.tests().stream().map(c -> DynamicTest.dynamicTest(prompt.id() + ": " + c.name(),
                Files.isRegularFile(file) ? file.toUri() : null, () -> {
                    PromptTestResult result = run(prompt, c, model);
                    if (!result.passed()) {
                        throw new AssertionError(prompt.file() + ":" + c.line() + ": test '" + c.name() + "' of "
                                + prompt.id() + " failed:\n  " + String.join("\n  ", result.failures())
                                + "\nanswer:\n" + result.answer());
                    }
                }));
    }

    /** The dynamic tests of several prompts (for example every version of one), in order. */
    public static Stream<DynamicTest> dynamicTests(Collection<Prompt> prompts, ChatModel model) {
        return List.copyOf(prompts).stream().flatMap(p -> dynamicTests(p, model));
    }
}
