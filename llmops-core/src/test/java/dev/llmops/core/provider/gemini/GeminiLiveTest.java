package dev.llmops.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.StreamEvent;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Calls the real Gemini API. Runs only when {@code GEMINI_API_KEY} is set; the model comes from
 * {@code GEMINI_MODEL} (default {@code gemini-2.5-flash}).
 */
@Tag("live")
@EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
class GeminiLiveTest {
    private static String model() {
        String value = System.getenv("GEMINI_MODEL");
        return value == null || value.isBlank() ? "gemini-2.5-flash" : value;
    }

    private final GeminiChatModel chat = GeminiChatModel.builder().apiKey(System.getenv("GEMINI_API_KEY")).model(model()).build();

    @Test
    void chatAnswersAndReportsUsage() {
        ChatResponse response = chat.chat(ChatRequest.of("Reply with the single word: pong")
                .withOptions(ChatOptions.defaults().withTemperature(0.0)));
        assertThat(response.text()).isNotBlank();
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.provider()).isEqualTo("gemini");
    }

    @Test
    void streamCompletesWithTheSameTextAsItsDeltas() {
        StringBuilder deltas = new StringBuilder();
        ChatResponse response = chat.stream(ChatRequest.of("Count from 1 to 5.")).collect(event -> {
            if (event instanceof StreamEvent.TextDelta delta) {
                deltas.append(delta.text());
            }
        });
        assertThat(response.text()).isEqualTo(deltas.toString()).isNotBlank();
    }

    @Test
    void embedKeepsOrderAndDimension() {
        GeminiEmbeddingModel embedder = GeminiEmbeddingModel.builder().apiKey(System.getenv("GEMINI_API_KEY"))
                .model("gemini-embedding-001").dimension(768).build();
        assertThat(embedder.embed(List.of("cat", "dog", "vector index")).embeddings())
                .hasSize(3).allSatisfy(e -> assertThat(e.dimension()).isEqualTo(768));
    }
}
