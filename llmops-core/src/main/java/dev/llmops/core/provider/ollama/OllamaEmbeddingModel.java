package dev.llmops.core.provider.ollama;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.EmbeddingChecks;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link EmbeddingModel} over Ollama's {@code POST /api/embed}: the texts go in batches of
 * {@code batchSize} as {@code input} arrays, and the vectors come back in input order.
 *
 * <pre>{@code
 * EmbeddingModel embedder = OllamaEmbeddingModel.builder()
 *         .model("nomic-embed-text")
 *         .build();
 * float[] vector = embedder.embed("What is a vector index?").vector();
 * }</pre>
 *
 * <p>The dimension is checked: every vector of a response must have the same length, equal to
 * {@link Builder#dimension(int)} when set, else to the length of the first vector this model received. Until
 * a first call has been made and with no dimension configured, {@link #dimension()} embeds one short probe
 * text to learn it. Errors map as for {@link OllamaChatModel}.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class OllamaEmbeddingModel implements EmbeddingModel {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaEmbeddingModel.class);
    static final int DEFAULT_BATCH_SIZE = 256;
    private static final String PROBE = "dimension probe";

    private final OllamaEndpoint endpoint;
    private final HttpUrl url;
    private final String model;
    private final int batchSize;
    private final EmbeddingChecks checks;

    private OllamaEmbeddingModel(Builder builder) {
        if (builder.settings.model == null) {
            throw new IllegalArgumentException("no embedding model named for " + builder.settings.http.providerName()
                    + ": set one with OllamaEmbeddingModel.builder().model(\"nomic-embed-text\")");
        }
        this.endpoint = builder.settings.build();
        this.url = endpoint.url("api/embed");
        this.model = builder.settings.model;
        this.batchSize = builder.batchSize;
        this.checks = new EmbeddingChecks(endpoint.provider(), model, builder.dimension);
    }

    /** A builder starting from {@value OllamaEndpoint#DEFAULT_BASE_URL}, without a model. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        EmbeddingChecks.requireTexts(texts);
        List<Embedding> embeddings = new ArrayList<>(texts.size());
        Usage usage = Usage.ZERO;
        String answeredBy = model;
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            Batch result = embedBatch(batch, from);
            embeddings.addAll(result.embeddings);
            usage = usage.plus(result.usage);
            answeredBy = result.model;
        }
        return new EmbeddingResponse(embeddings, usage, answeredBy);
    }

    @Override
    public int dimension() {
        int known = checks.known();
        if (known > 0) {
            return known;
        }
        embedBatch(List.of(PROBE), 0);
        return checks.known();
    }

    private record Batch(List<Embedding> embeddings, Usage usage, String model) {
    }

    private Batch embedBatch(List<String> batch, int offset) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        batch.forEach(input::add);
        if (endpoint.keepAlive() != null) {
            body.put("keep_alive", OllamaEndpoint.keepAliveText(endpoint.keepAlive()));
        }
        ProviderHttp.Exchange exchange = endpoint.http().exchange(url, Json.MAPPER.writeValueAsBytes(body), endpoint.clock());
        String provider = endpoint.provider();
        int status = exchange.status();
        JsonNode root = WireJson.parseObject(provider, status, exchange.body(), "embed response");
        OllamaResponseReader.throwIfError(provider, status, root);
        JsonNode vectors = root.path("embeddings");
        checks.requireCount(vectors, batch.size(), offset, status, exchange.body());
        List<Embedding> embeddings = new ArrayList<>(batch.size());
        for (int i = 0; i < vectors.size(); i++) {
            embeddings.add(new Embedding(checks.vector(vectors.get(i), offset + i, status, exchange.body())));
        }
        LOG.debug("{} embed model={} texts={} latency={}ms", provider, model, batch.size(), exchange.latency().toMillis());
        Usage usage = Usage.of(Math.max(0, root.path("prompt_eval_count").asLong(0)), 0);
        return new Batch(embeddings, usage, OllamaResponseReader.orDefault(WireJson.text(root, "model"), model));
    }

    @Override
    public String toString() {
        return "OllamaEmbeddingModel[" + endpoint + ", model=" + model + ", batchSize=" + batchSize + "]";
    }

    /**
     * Configures an {@link OllamaEmbeddingModel}. Every setter checks its input at once and names the fix.
     *
     * <pre>{@code
     * EmbeddingModel embedder = OllamaEmbeddingModel.builder()
     *         .baseUrl("gpu-box:11434")
     *         .model("nomic-embed-text")
     *         .batchSize(64)
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final OllamaEndpoint.Settings settings = new OllamaEndpoint.Settings();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Integer dimension;

        private Builder() {
        }

        /** The server, read like {@code OLLAMA_HOST} (see {@link OllamaChatModel.Builder#baseUrl(String)}). */
        public Builder baseUrl(String baseUrl) {
            settings.baseUrl(baseUrl);
            return this;
        }

        /** The embedding model, e.g. {@code nomic-embed-text}; required. */
        public Builder model(String model) {
            settings.model(model);
            return this;
        }

        /** The most texts sent in one request; default {@value OllamaEmbeddingModel#DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize " + batchSize + " is not positive: pass how many texts to send per request, e.g. 64");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The vector length the model must produce; a response of another length fails. Default: learned. */
        public Builder dimension(int dimension) {
            if (dimension <= 0) {
                throw new IllegalArgumentException("dimension " + dimension + " is not positive: pass the model's vector length, e.g. 768");
            }
            this.dimension = dimension;
            return this;
        }

        /** How long the server keeps the model loaded after a call ({@code keep_alive}); default the server's. */
        public Builder keepAlive(Duration keepAlive) {
            settings.keepAlive(keepAlive);
            return this;
        }

        /** How long to wait for a connection; default 10 s; {@link Duration#ZERO} for none. */
        public Builder connectTimeout(Duration timeout) {
            settings.http.connectTimeout(timeout);
            return this;
        }

        /** How long to wait for each read; default 60 s; {@link Duration#ZERO} for none. */
        public Builder readTimeout(Duration timeout) {
            settings.http.readTimeout(timeout);
            return this;
        }

        /** The most a whole call may take; default none. */
        public Builder callTimeout(Duration timeout) {
            settings.http.callTimeout(timeout);
            return this;
        }

        /** The OkHttp client to derive this model's client from. Default: the one shared by every llmops model. */
        public Builder httpClient(OkHttpClient client) {
            settings.http.httpClient(client);
            return this;
        }

        /** The name reported in responses and exceptions; default {@code ollama}. */
        public Builder providerName(String providerName) {
            settings.http.providerName(providerName);
            return this;
        }

        /** The clock that measures latency; default the system UTC clock. */
        public Builder clock(Clock clock) {
            settings.http.clock(clock);
            return this;
        }

        /** The model. Throws when no model is named. */
        public OllamaEmbeddingModel build() {
            return new OllamaEmbeddingModel(this);
        }
    }
}
