package dev.llmops.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.testing.ScriptedChatModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example of the module, kept compiling and passing. */
class ReadmeExampleTest {
    @Test
    void readmeExample(@TempDir Path dir) {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("Yes, within 30 days.").reply("Yes.").build();
        ChatModel chatModel = model;
        String userId = "user-42";

        try (PromptRegistry registry = PromptRegistry.builder().classpath("prompts").build()) {
            Prompt prompt = registry.get("support-answer");                        // the version labelled production
            ChatResponse answer = chatModel.chat(prompt.toRequest(Map.of("question", "Can I return my hub?")));
            Experiment tone = Experiment.of("tone-2026-11", "support-answer", Variant.of("2", 50), Variant.of("3", 50));
            Experiments experiments = Experiments.builder().registry(registry)
                    .log(ExperimentLog.jsonLines(dir.resolve("experiments.jsonl"))).build();
            Prompt variant = experiments.expose(tone, userId);                     // sticky per user
            chatModel.chat(variant.toRequest(Map.of("question", "Can I return my hub?")));
            experiments.recordOutcome(tone, userId, 1);

            assertThat(answer.text()).contains("30 days");
            assertThat(model.requests().get(0).options().metadata()).containsEntry(ChatOptions.PROMPT_VERSION, "2");
            assertThat(experiments.summary(tone).variants()).extracting(ExperimentSummary.VariantStats::outcomes)
                    .containsExactly(variant.version().equals("2") ? 1L : 0L, variant.version().equals("3") ? 1L : 0L);
        }
    }
}
