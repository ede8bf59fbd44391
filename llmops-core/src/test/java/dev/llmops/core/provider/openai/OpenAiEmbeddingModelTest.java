package dev.llmops.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.ProviderException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** {@link OpenAiEmbeddingModel} against MockWebServer serving OpenAI-shaped embedding lists. */
class OpenAiEmbeddingModelTest {
    @RegisterExtension
    final MockOpenAi server = new MockOpenAi();

    private OpenAiEmbeddingModel.Builder embedder() {
        return OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).apiKey(MockOpenAi.KEY).model("text-embedding-3-small")
                .readTimeout(Duration.ofSeconds(10));
    }

    /** An embeddings list whose item {@code i} (sent in reverse order) is the vector [first + i, -(first + i)]. */
    private static String list(int first, int count, int promptTokens) {
        StringBuilder data = new StringBuilder();
        for (int i = count - 1; i >= 0; i--) {
            data.append(data.isEmpty() ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":[").append(first + i).append(".5,-").append(first + i).append(".5]}");
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":"
                + promptTokens + ",\"total_tokens\":" + promptTokens + "}}";
    }

    private static Embedding vector(int n) {
        return new Embedding(new float[] {n + 0.5f, -(n + 0.5f)});
    }

    @Test
    void sendsModelInputAndFloatEncoding() throws InterruptedException {
        server.enqueueJson(list(0, 2, 4));
        embedder().build().embed(List.of("alpha", "beta"));
        RecordedRequest request = server.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + MockOpenAi.KEY);
        JsonNode body = Json.MAPPER.readTree(request.getBody().utf8());
        assertThat(body.get("model").stringValue()).isEqualTo("text-embedding-3-small");
        assertThat(body.get("input").toString()).isEqualTo("[\"alpha\",\"beta\"]");
        assertThat(body.get("encoding_format").stringValue()).isEqualTo("float");
        assertThat(body.has("dimensions")).isFalse();
    }

    @Test
    void sendsDimensionsWhenConfigured() throws InterruptedException {
        server.enqueueJson(list(0, 1, 1));
        OpenAiEmbeddingModel model = embedder().dimensions(2).build();
        model.embed("alpha");
        assertThat(server.takeBody().get("dimensions").intValue()).isEqualTo(2);
        assertThat(model.dimension()).isEqualTo(2);
    }

    @Test
    void returnsVectorsInInputOrderByIndex() {
        server.enqueueJson(list(0, 3, 6));
        EmbeddingResponse response = embedder().build().embed(List.of("a", "b", "c"));
        assertThat(response.embeddings()).containsExactly(vector(0), vector(1), vector(2));
        assertThat(response.usage()).isEqualTo(Usage.of(6, 0));
        assertThat(response.model()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void batchesInputsAndKeepsTheOrderAcrossBatches() throws InterruptedException {
        server.enqueueJson(list(0, 2, 2));
        server.enqueueJson(list(2, 2, 3));
        server.enqueueJson(list(4, 1, 1));
        EmbeddingResponse response = embedder().batchSize(2).build().embed(List.of("t0", "t1", "t2", "t3", "t4"));
        assertThat(server.requestCount()).isEqualTo(3);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inputs.add(server.takeBody().get("input").toString());
        }
        assertThat(inputs).containsExactly("[\"t0\",\"t1\"]", "[\"t2\",\"t3\"]", "[\"t4\"]");
        assertThat(response.embeddings()).containsExactly(vector(0), vector(1), vector(2), vector(3), vector(4));
        assertThat(response.usage().inputTokens()).isEqualTo(6);
    }

    @Test
    void learnsTheDimensionFromTheFirstResponse() {
        server.enqueueJson(list(0, 1, 1));
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).model("nomic-embed-text").build();
        model.embed("a");
        assertThat(model.dimension()).isEqualTo(2);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void knowsTheDimensionOfOpenAiModelsWithoutACall() {
        assertThat(embedder().build().dimension()).isEqualTo(1536);
        assertThat(embedder().model("text-embedding-3-large").build().dimension()).isEqualTo(3072);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void probesAnUnknownModelForItsDimension() throws InterruptedException {
        server.enqueueJson(list(0, 1, 1));
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).model("nomic-embed-text").build();
        assertThat(model.dimension()).isEqualTo(2);
        assertThat(server.takeBody().get("input").toString()).isEqualTo("[\"dimension probe\"]");
    }

    @Test
    void aVectorOfAnotherLengthThanConfiguredFailsClearly() {
        server.enqueueJson(list(0, 1, 1));
        assertThatThrownBy(() -> embedder().dimensions(512).build().embed("a"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.errorCode()).contains("dimension_mismatch");
                })
                .hasMessageContaining("2-dimensional")
                .hasMessageContaining("dimension is 512")
                .hasMessageContaining("dimensions(2)");
    }

    @Test
    void aVectorOfAnotherLengthThanLearnedFailsClearly() {
        server.enqueueJson(list(0, 1, 1));
        server.enqueueJson("{\"data\":[{\"index\":0,\"embedding\":[1.0,2.0,3.0]}],\"model\":\"other\",\"usage\":{\"prompt_tokens\":1}}");
        OpenAiEmbeddingModel model = embedder().build();
        model.embed("a");
        assertThatThrownBy(() -> model.embed("b")).isInstanceOf(ProviderException.class)
                .hasMessageContaining("3-dimensional").hasMessageContaining("dimension is 2");
    }

    @Test
    void aMissingEmbeddingFailsWithTheRawBody() {
        String body = "{\"data\":[{\"index\":0,\"embedding\":[1.0]}],\"model\":\"m\"}";
        server.enqueueJson(body);
        assertThatThrownBy(() -> embedder().build().embed(List.of("a", "b")))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo(body))
                .hasMessageContaining("1 embeddings in data for 2 inputs");
    }

    @Test
    void aRepeatedIndexFails() {
        server.enqueueJson("{\"data\":[{\"index\":0,\"embedding\":[1.0]},{\"index\":0,\"embedding\":[2.0]}]}");
        assertThatThrownBy(() -> embedder().build().embed(List.of("a", "b")))
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("repeated");
    }

    @Test
    void malformedJsonFailsWithTheRawBody() {
        server.enqueueJson("{\"data\":[");
        assertThatThrownBy(() -> embedder().build().embed("a"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("{\"data\":["));
    }

    @Test
    void errorsMapAsForChat() {
        server.enqueueJson(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
        assertThatThrownBy(() -> embedder().build().embed("a")).isInstanceOf(RateLimitedException.class);
        server.enqueueJson(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + MockOpenAi.KEY + "\",\"code\":\"invalid_api_key\"}}");
        assertThatThrownBy(() -> embedder().build().embed("a")).isInstanceOf(AuthenticationException.class)
                .message().doesNotContain(MockOpenAi.KEY);
    }

    @Test
    void azureUsesTheDeploymentUrlAndNeedsNoModel() throws InterruptedException {
        server.enqueueJson(list(0, 1, 1));
        OpenAiEmbeddingModel.builder().azure(server.rootUrl(), "emb", "2024-10-21").apiKey(MockOpenAi.KEY).build().embed("a");
        RecordedRequest request = server.take();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/deployments/emb/embeddings");
        assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
        assertThat(request.getHeaders().get("api-key")).isEqualTo(MockOpenAi.KEY);
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void aLocalServerWithoutKeyGetsNoAuthorizationHeader() throws InterruptedException {
        server.enqueueJson(list(0, 1, 1));
        OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).model("nomic-embed-text").build().embed("a");
        assertThat(server.take().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void buildingWithoutAModelFailsNamingHowToSetOne() {
        assertThatThrownBy(() -> OpenAiEmbeddingModel.builder().baseUrl(server.baseUrl()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".model(\"text-embedding-3-small\")");
    }

    @Test
    void rejectsEmptyInput() {
        OpenAiEmbeddingModel model = embedder().build();
        assertThatThrownBy(() -> model.embed(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no texts");
        assertThatThrownBy(() -> model.embed(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text 1 is empty");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void rejectsBadBatchSizeAndDimensions() {
        assertThatThrownBy(() -> OpenAiEmbeddingModel.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize 0");
        assertThatThrownBy(() -> OpenAiEmbeddingModel.builder().dimensions(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimensions -3");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(embedder().build().toString()).doesNotContain(MockOpenAi.KEY).contains("text-embedding-3-small");
    }
}
