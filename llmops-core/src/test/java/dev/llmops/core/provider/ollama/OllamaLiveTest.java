package dev.llmops.core.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.EmbeddingResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Calls a real Ollama server at {@code OLLAMA_HOST}. Runs only when that variable is set; the models come from
 * {@code OLLAMA_CHAT_MODEL} (default {@code llama3.2}) and {@code OLLAMA_EMBED_MODEL} (default
 * {@code nomic-embed-text}) and must be pulled.
 */
@Tag("live")
@EnabledIfEnvironmentVariable(named = "OLLAMA_HOST", matches = ".+")
class OllamaLiveTest {
    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private final OllamaChatModel chat = OllamaChatModel.builder().baseUrl(System.getenv("OLLAMA_HOST"))
            .model(env("OLLAMA_CHAT_MODEL", "llama3.2")).readTimeout(Duration.ofMinutes(5)).build();

    @Test
    void chatAnswersAndReportsUsage() {
        ChatResponse response = chat.chat(ChatRequest.of("Reply with the single word: pong")
                .withOptions(ChatOptions.defaults().withTemperature(0.0).withMaxTokens(20)));
        assertThat(response.text()).isNotBlank();
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.provider()).isEqualTo("ollama");
    }

    @Test
    void streamCompletesWithTheSameTextAsItsDeltas() {
        StringBuilder deltas = new StringBuilder();
        ChatResponse response = chat.stream(ChatRequest.of("Count from 1 to 5.")
                        .withOptions(ChatOptions.defaults().withMaxTokens(40)))
                .collect(event -> {
                    if (event instanceof dev.llmops.core.StreamEvent.TextDelta delta) {
                        deltas.append(delta.text());
                    }
                });
        assertThat(response.text()).isEqualTo(deltas.toString()).isNotBlank();
    }

    @Test
    void embedKeepsOrderAndDimension() {
        OllamaEmbeddingModel embedder = OllamaEmbeddingModel.builder().baseUrl(System.getenv("OLLAMA_HOST"))
                .model(env("OLLAMA_EMBED_MODEL", "nomic-embed-text")).batchSize(2).readTimeout(Duration.ofMinutes(5)).build();
        EmbeddingResponse response = embedder.embed(List.of("cat", "dog", "vector index"));
        assertThat(response.embeddings()).hasSize(3);
        assertThat(response.embeddings()).allSatisfy(e -> assertThat(e.dimension()).isEqualTo(embedder.dimension()));
    }
}
