package dev.llmops.prompts.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.testing.CassetteChatModel;
import dev.llmops.core.testing.CassetteMode;
import dev.llmops.core.testing.ScriptedChatModel;
import dev.llmops.prompts.Prompt;
import dev.llmops.prompts.PromptRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class PromptTestsTest {
    static final PromptRegistry REGISTRY = PromptRegistry.builder().classpath("prompts").build();

    @AfterAll
    static void close() {
        REGISTRY.close();
    }

    /** The sample prompts' own test cases, as a user would run them, against scripted answers. */
    @TestFactory
    Stream<DynamicTest> samplePromptCasesPass() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply("You have 30 days to return an item.")
                .reply("```json\n{\"answer\": \"It left the depot today.\", \"confidence\": 0.8}\n```")
                .build();
        return PromptTests.dynamicTests(List.of(REGISTRY.version("support-answer", "2"), REGISTRY.version("support-answer", "3")), model);
    }

    /** Recorded once against a model, then replayed in CI with no model at all. */
    @TestFactory
    Stream<DynamicTest> casesReplayFromACassette(@TempDir Path dir) {
        Path cassette = dir.resolve("support-answer.json");
        Prompt prompt = REGISTRY.version("support-answer", "2");
        ChatModel recorder = CassetteChatModel.builder().file(cassette).mode(CassetteMode.RECORD)
                .delegate(ScriptedChatModel.builder().reply("Returns are free within 30 days.").build()).build();
        assertThat(PromptTests.run(prompt, recorder)).allMatch(PromptTestResult::passed);
        ChatModel replay = CassetteChatModel.builder().file(cassette).mode(CassetteMode.REPLAY).build();
        return PromptTests.dynamicTests(prompt, replay);
    }

    /** The sample whose output is a Java record: its derived schema is sent strict and checks the answer. */
    @TestFactory
    Stream<DynamicTest> javaTypedOutputCasesPass() {
        Prompt triage = REGISTRY.get("triage", "1");
        assertThat(triage.options().responseFormat()).isInstanceOfSatisfying(dev.llmops.core.ResponseFormat.JsonSchema.class,
                f -> assertThat(f.strict()).isTrue());
        assertThat(triage.render(java.util.Map.of("ticket", "x")).messages().get(0).toString())
                .contains("Route the ticket to one of: billing, shipping, accounts.");
        ScriptedChatModel model = ScriptedChatModel.builder()
                .reply("{\"priority\": \"URGENT\", \"team\": \"billing\", \"tags\": [\"double-charge\"]}").build();
        return PromptTests.dynamicTests(triage, model);
    }

    @Test
    void dynamicTestsAreNamedAfterPromptAndCase() {
        Prompt prompt = REGISTRY.version("support-answer", "2");
        assertThat(PromptTests.dynamicTests(prompt, ScriptedChatModel.builder().build()).map(DynamicTest::getDisplayName))
                .containsExactly("support-answer@2: mentions the refund window");
    }

    @Test
    void everyFailedAssertionIsReported() {
        Prompt prompt = REGISTRY.version("support-answer", "2");
        ScriptedChatModel model = ScriptedChatModel.builder().reply("sorry, I cannot say").build();
        PromptTestResult result = PromptTests.run(prompt, model).get(0);
        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).containsExactly(
                "expected the answer to contain \"30 days\"",
                "expected the answer not to contain \"sorry\"",
                "expected the answer to match /\\d+ days/");
        assertThat(model.lastRequest().orElseThrow().options().metadata())
                .containsEntry(ChatOptions.PROMPT_NAME, "support-answer").containsEntry(ChatOptions.PROMPT_VERSION, "2");
    }

    @Test
    void schemaViolationsAreReportedAtTheirPath() {
        Prompt prompt = REGISTRY.version("support-answer", "3");
        ScriptedChatModel model = ScriptedChatModel.builder().reply("{\"answer\": 3, \"confidence\": 1.5, \"extra\": true}").build();
        assertThat(PromptTests.run(prompt, model).get(0).failures()).containsExactly(
                "expected JSON valid against the schema: $.answer: expected \"string\", got a number (3)",
                "expected JSON valid against the schema: $.confidence: 1.5 is more than the maximum 1",
                "expected JSON valid against the schema: $.extra: property is not allowed (additionalProperties: false)");
    }

    @Test
    void aFailingDynamicTestThrowsWithFileLineAndAnswer() throws Throwable {
        Prompt prompt = REGISTRY.version("support-answer", "2");
        DynamicTest test = PromptTests.dynamicTests(prompt, ScriptedChatModel.builder().reply("no idea").build()).findFirst().orElseThrow();
        assertThatThrownBy(() -> test.getExecutable().execute()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("classpath:prompts/support-answer/2.prompt:33: test 'mentions the refund window'")
                .hasMessageEndingWith("answer:\nno idea");
    }
}
