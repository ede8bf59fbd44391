package dev.llmops.core.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What {@link OllamaEmbeddingModel} sends to {@code /api/embed} and how it reads the answers. */
class OllamaEmbeddingModelTest {
    @RegisterExtension
    final MockOllama server = new MockOllama();

    /** An /api/embed response whose i-th vector is {@code [first + i, 0.5]} ({@code dims} components). */
    private static String embedResponse(int first, int count, int dims, int promptEvalCount) {
        String vectors = IntStream.range(0, count).mapToObj(i -> {
            List<String> values = new ArrayList<>();
            values.add(String.valueOf(first + i));
            for (int d = 1; d < dims; d++) {
                values.add("0.5");
            }
            return "[" + String.join(",", values) + "]";
        }).collect(Collectors.joining(","));
        return "{\"model\":\"nomic-embed-text\",\"embeddings\":[" + vectors + "],\"total_duration\":14143917,"
                + "\"load_duration\":1019500,\"prompt_eval_count\":" + promptEvalCount + "}";
    }

    @Test
    void sendsTheTextsAsAnInputArray() throws InterruptedException {
        server.enqueueJson(embedResponse(0, 2, 3, 8));
        EmbeddingResponse response = server.embedding().build().embed(List.of("Why is the sky blue?", "Why is the grass green?"));
        RecordedRequest request = server.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/embed");
        JsonNode body = dev.llmops.core.internal.Json.MAPPER.readTree(request.getBody().utf8());
        assertThat(body.toString()).isEqualTo("{\"model\":\"nomic-embed-text\",\"input\":[\"Why is the sky blue?\",\"Why is the grass green?\"]}");
        assertThat(response.embeddings()).hasSize(2);
        assertThat(response.embeddings().get(1).vector()).containsExactly(1f, 0.5f, 0.5f);
        assertThat(response.usage()).isEqualTo(Usage.of(8, 0));
        assertThat(response.model()).isEqualTo("nomic-embed-text");
    }

    @Test
    void batchesKeepInputOrderAndSumUsage() throws InterruptedException {
        server.enqueueJson(embedResponse(0, 2, 2, 4));
        server.enqueueJson(embedResponse(2, 2, 2, 4));
        server.enqueueJson(embedResponse(4, 1, 2, 2));
        List<String> texts = List.of("t0", "t1", "t2", "t3", "t4");
        EmbeddingResponse response = server.embedding().batchSize(2).build().embed(texts);
        assertThat(response.embeddings()).extracting(e -> e.get(0)).containsExactly(0f, 1f, 2f, 3f, 4f);
        assertThat(response.usage()).isEqualTo(Usage.of(10, 0));
        assertThat(server.takeBody().get("input").toString()).isEqualTo("[\"t0\",\"t1\"]");
        assertThat(server.takeBody().get("input").toString()).isEqualTo("[\"t2\",\"t3\"]");
        assertThat(server.takeBody().get("input").toString()).isEqualTo("[\"t4\"]");
    }

    @Test
    void keepAliveIsSent() throws InterruptedException {
        server.enqueueJson(embedResponse(0, 1, 2, 1));
        server.embedding().keepAlive(Duration.ofMinutes(10)).build().embed("x");
        assertThat(server.takeBody().get("keep_alive").stringValue()).isEqualTo("600s");
    }

    @Test
    void theDimensionIsLearnedFromTheFirstResponse() {
        server.enqueueJson(embedResponse(0, 1, 4, 1));
        OllamaEmbeddingModel model = server.embedding().build();
        model.embed("x");
        assertThat(model.dimension()).isEqualTo(4);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void dimensionBeforeAnyCallEmbedsOneProbe() throws InterruptedException {
        server.enqueueJson(embedResponse(0, 1, 5, 1));
        OllamaEmbeddingModel model = server.embedding().build();
        assertThat(model.dimension()).isEqualTo(5);
        assertThat(model.dimension()).isEqualTo(5);
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(server.takeBody().get("input").size()).isEqualTo(1);
    }

    @Test
    void aConfiguredDimensionIsReturnedWithoutACall() {
        assertThat(server.embedding().dimension(768).build().dimension()).isEqualTo(768);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aVectorOfAnotherLengthThanConfiguredFails() {
        server.enqueueJson(embedResponse(0, 1, 3, 1));
        assertThatThrownBy(() -> server.embedding().dimension(768).build().embed("x"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).contains("dimension_mismatch");
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining("3 components").hasMessageContaining("dimension(768)");
    }

    @Test
    void aVectorOfAnotherLengthThanEarlierOnesFails() {
        server.enqueueJson(embedResponse(0, 1, 3, 1));
        server.enqueueJson(embedResponse(0, 1, 4, 1));
        OllamaEmbeddingModel model = server.embedding().build();
        model.embed("x");
        assertThatThrownBy(() -> model.embed("y")).isInstanceOf(ProviderException.class)
                .hasMessageContaining("4 components").hasMessageContaining("the 3 of its earlier vectors");
    }

    @Test
    void fewerVectorsThanTextsIsAParseError() {
        server.enqueueJson(embedResponse(0, 1, 2, 1));
        assertThatThrownBy(() -> server.embedding().build().embed(List.of("a", "b")))
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("1 embeddings for 2 texts");
    }

    @Test
    void emptyInputIsRefusedBeforeSending() {
        OllamaEmbeddingModel model = server.embedding().build();
        assertThatThrownBy(() -> model.embed(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no texts");
        assertThatThrownBy(() -> model.embed(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1 is empty");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aMissingEmbeddingModelSaysOllamaPull() {
        server.enqueueJson(404, "{\"error\":\"model \\\"nomic-embed-text\\\" not found, try pulling it first\"}");
        assertThatThrownBy(() -> server.embedding().build().embed("x"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ollama pull nomic-embed-text");
    }

    @Test
    void buildingWithoutAModelFailsNamingTheFix() {
        assertThatThrownBy(() -> OllamaEmbeddingModel.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".model(\"nomic-embed-text\")");
        assertThatThrownBy(() -> OllamaEmbeddingModel.builder().batchSize(0)).hasMessageContaining("batchSize 0");
        assertThatThrownBy(() -> OllamaEmbeddingModel.builder().dimension(-1)).hasMessageContaining("dimension -1");
    }
}
