package dev.llmops.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.Message;
import dev.llmops.core.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Real calls to OpenAI. Run with {@code OPENAI_API_KEY=... ./mvnw -pl llmops-core test -Dgroups=live -Dtest='OpenAiLiveTest'};
 * skipped without the key. Uses the smallest models and a few tokens.
 */
@Tag("live")
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiLiveTest {
    private static final String MODEL = System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini");

    private static OpenAiChatModel chat() {
        return OpenAiChatModel.builder().apiKey(System.getenv("OPENAI_API_KEY")).model(MODEL).build();
    }

    @Test
    void answersAShortQuestion() {
        ChatResponse response = chat().chat(ChatRequest.of(Message.system("Answer with one word."), Message.user("Capital of France?"))
                .withOptions(ChatOptions.defaults().withTemperature(0.0).withMaxTokens(10)));
        assertThat(response.text()).containsIgnoringCase("Paris");
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
    }

    @Test
    void streamsWithUsage() {
        List<StreamEvent> events = new ArrayList<>();
        ChatResponse response = chat().stream(ChatRequest.of("Count from 1 to 5, digits only, separated by spaces.")
                .withOptions(ChatOptions.defaults().withTemperature(0.0).withMaxTokens(20))).collect(events::add);
        assertThat(response.text()).contains("1").contains("5");
        assertThat(response.usage().outputTokens()).isPositive();
        assertThat(events).anyMatch(StreamEvent.TextDelta.class::isInstance);
    }

    @Test
    void embeds() {
        EmbeddingResponse response = OpenAiEmbeddingModel.builder().apiKey(System.getenv("OPENAI_API_KEY"))
                .model("text-embedding-3-small").dimensions(64).build().embed(List.of("cat", "dog"));
        assertThat(response.embeddings()).hasSize(2).allMatch(e -> e.dimension() == 64);
    }

    @Test
    void aWrongKeyIsAnAuthenticationErrorWithoutTheKey() {
        String wrong = "sk-proj-wrongwrongwrongwrongwrongwrong1234";
        assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey(wrong).model(MODEL).build().chat("Hi"))
                .isInstanceOf(AuthenticationException.class)
                .message().doesNotContain(wrong).doesNotContain("1234");
    }
}
