package dev.llmops.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** What {@link GeminiEmbeddingModel} sends to {@code batchEmbedContents} and how it reads the answers. */
class GeminiEmbeddingModelTest {
    @RegisterExtension
    final MockGemini server = new MockGemini();

    private GeminiEmbeddingModel.Builder embedding() {
        return GeminiEmbeddingModel.builder().baseUrl(server.baseUrl()).apiKey(MockGemini.KEY).model("gemini-embedding-001")
                .readTimeout(Duration.ofSeconds(10));
    }

    /** A batchEmbedContents response whose i-th vector is {@code [first + i, 0.25, ...]} ({@code dims} values). */
    private static String embeddings(int first, int count, int dims) {
        return "{\"embeddings\":[" + IntStream.range(0, count).mapToObj(i -> "{\"values\":[" + (first + i)
                + ",0.25".repeat(dims - 1) + "]}").collect(Collectors.joining(",")) + "]}";
    }

    @Test
    void sendsOneRequestPerTextWithTheModelAndKeyInAHeader() throws InterruptedException {
        server.enqueueJson(embeddings(0, 2, 3));
        EmbeddingResponse response = embedding().build().embed(List.of("What is the meaning of life?", "How much wood?"));
        RecordedRequest request = server.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(request.getUrl().toString()).doesNotContain(MockGemini.KEY);
        assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(MockGemini.KEY);
        assertThat(Json.MAPPER.readTree(request.getBody().utf8())).isEqualTo(Json.MAPPER.readTree("{\"requests\":["
                + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"What is the meaning of life?\"}]}},"
                + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"How much wood?\"}]}}]}"));
        assertThat(response.embeddings().get(1).vector()).containsExactly(1f, 0.25f, 0.25f);
        assertThat(response.usage()).isEqualTo(Usage.ZERO);
        assertThat(response.model()).isEqualTo("gemini-embedding-001");
    }

    @Test
    void dimensionAndTaskTypeAreSentAndTheDimensionIsKnownWithoutACall() throws InterruptedException {
        GeminiEmbeddingModel model = embedding().dimension(4).taskType("RETRIEVAL_DOCUMENT").build();
        assertThat(model.dimension()).isEqualTo(4);
        assertThat(server.requestCount()).isZero();
        server.enqueueJson(embeddings(0, 1, 4));
        model.embed("x");
        JsonNode request = server.takeBody().get("requests").get(0);
        assertThat(request.get("outputDimensionality").intValue()).isEqualTo(4);
        assertThat(request.get("taskType").stringValue()).isEqualTo("RETRIEVAL_DOCUMENT");
    }

    @Test
    void batchesKeepInputOrder() throws InterruptedException {
        server.enqueueJson(embeddings(0, 2, 2));
        server.enqueueJson(embeddings(2, 2, 2));
        server.enqueueJson(embeddings(4, 1, 2));
        EmbeddingResponse response = embedding().batchSize(2).build().embed(List.of("t0", "t1", "t2", "t3", "t4"));
        assertThat(response.embeddings()).extracting(e -> e.get(0)).containsExactly(0f, 1f, 2f, 3f, 4f);
        assertThat(server.takeBody().get("requests").size()).isEqualTo(2);
        assertThat(server.takeBody().get("requests").get(1).get("content").get("parts").get(0).get("text").stringValue()).isEqualTo("t3");
        assertThat(server.takeBody().get("requests").size()).isEqualTo(1);
    }

    @Test
    void aHundredAndOneTextsTakeTwoCalls() {
        server.enqueueJson(embeddings(0, 100, 2));
        server.enqueueJson(embeddings(100, 1, 2));
        List<String> texts = IntStream.range(0, 101).mapToObj(i -> "t" + i).toList();
        assertThat(embedding().build().embed(texts).embeddings()).hasSize(101).last().satisfies(e -> assertThat(e.get(0)).isEqualTo(100f));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void dimensionBeforeAnyCallEmbedsOneProbe() {
        server.enqueueJson(embeddings(0, 1, 6));
        GeminiEmbeddingModel model = embedding().build();
        assertThat(model.dimension()).isEqualTo(6);
        assertThat(model.dimension()).isEqualTo(6);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void aVectorOfAnotherLengthThanConfiguredFails() {
        server.enqueueJson(embeddings(0, 1, 3));
        assertThatThrownBy(() -> embedding().dimension(768).build().embed("x"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorCode()).contains("dimension_mismatch"))
                .hasMessageContaining("3 components").hasMessageContaining("dimension(768)");
    }

    @Test
    void fewerVectorsThanTextsIsAParseError() {
        server.enqueueJson(embeddings(0, 1, 2));
        assertThatThrownBy(() -> embedding().build().embed(List.of("a", "b")))
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("1 embeddings for 2 texts");
    }

    @Test
    void errorsMapAsForChat() {
        server.enqueueJson(429, MockGemini.error(429, "Quota exceeded for metric embed_content_free_tier_requests", "RESOURCE_EXHAUSTED",
                "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12s\"}]"));
        assertThatThrownBy(() -> embedding().build().embed("x"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(12)));
        server.enqueueJson(404, MockGemini.error(404, "models/embedding-9 is not found for API version v1beta", "NOT_FOUND", null));
        assertThatThrownBy(() -> embedding().build().embed("x")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void badInputIsRefusedBeforeSending() {
        GeminiEmbeddingModel model = embedding().build();
        assertThatThrownBy(() -> model.embed(List.of())).hasMessageContaining("no texts");
        assertThatThrownBy(() -> model.embed(List.of("a", ""))).hasMessageContaining("text 1 is empty");
        assertThatThrownBy(() -> embedding().batchSize(101)).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> embedding().taskType("retrieval")).hasMessageContaining("not a Gemini task type");
        assertThatThrownBy(() -> GeminiEmbeddingModel.builder().apiKey(MockGemini.KEY).build())
                .hasMessageContaining(".model(\"gemini-embedding-001\")");
        assertThat(server.requestCount()).isZero();
    }
}
