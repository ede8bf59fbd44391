package dev.llmops.core.provider.gemini;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.SettingChecks;
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
 * An {@link EmbeddingModel} over the Gemini API's {@code models/{model}:batchEmbedContents}: the texts go in
 * batches of at most {@code batchSize} (Gemini takes 100 per call) and the vectors come back in input order.
 *
 * <pre>{@code
 * EmbeddingModel embedder = GeminiEmbeddingModel.builder()
 *         .apiKey(System.getenv("GEMINI_API_KEY"))
 *         .model("gemini-embedding-001")
 *         .build();
 * float[] vector = embedder.embed("What is a vector index?").vector();
 * }</pre>
 *
 * <p>{@link Builder#dimension(int)} is sent as {@code outputDimensionality} and checked on every vector;
 * without it the first vector's length is the dimension, and {@link #dimension()} embeds one probe text when
 * asked before any call. The API reports no token usage for embeddings, so {@link EmbeddingResponse#usage()}
 * is {@link Usage#ZERO}. Errors map as for {@link GeminiChatModel}; the key never appears in a URL or message.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class GeminiEmbeddingModel implements EmbeddingModel {
    private static final Logger LOG = LoggerFactory.getLogger(GeminiEmbeddingModel.class);
    static final int MAX_BATCH_SIZE = 100;
    private static final String PROBE = "dimension probe";

    private final GeminiEndpoint endpoint;
    private final HttpUrl url;
    private final String model;
    private final int batchSize;
    private final Integer dimension;
    private final String taskType;
    private final EmbeddingChecks checks;

    private GeminiEmbeddingModel(Builder builder) {
        if (builder.settings.model == null) {
            throw new IllegalArgumentException("no embedding model named for " + builder.settings.http.providerName()
                    + ": set one with GeminiEmbeddingModel.builder().model(\"gemini-embedding-001\")");
        }
        this.endpoint = builder.settings.build();
        this.model = builder.settings.model;
        this.url = endpoint.url(model, "batchEmbedContents", false);
        this.batchSize = builder.batchSize;
        this.dimension = builder.dimension;
        this.taskType = builder.taskType;
        this.checks = new EmbeddingChecks(endpoint.provider(), model, builder.dimension);
    }

    /** A builder starting from {@value GeminiEndpoint#DEFAULT_BASE_URL}, without a key or a model. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        EmbeddingChecks.requireTexts(texts);
        List<Embedding> embeddings = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            embeddings.addAll(embedBatch(texts.subList(from, Math.min(texts.size(), from + batchSize)), from));
        }
        return new EmbeddingResponse(embeddings, Usage.ZERO, model);
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

    private List<Embedding> embedBatch(List<String> batch, int offset) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (String text : batch) {
            ObjectNode request = requests.addObject().put("model", "models/" + model);
            request.putObject("content").putArray("parts").addObject().put("text", text);
            if (taskType != null) {
                request.put("taskType", taskType);
            }
            if (dimension != null) {
                request.put("outputDimensionality", dimension);
            }
        }
        ProviderHttp.Exchange exchange = endpoint.http().exchange(url, Json.MAPPER.writeValueAsBytes(body), endpoint.clock());
        String provider = endpoint.provider();
        int status = exchange.status();
        JsonNode vectors = WireJson.parseObject(provider, status, exchange.body(), "batchEmbedContents response").path("embeddings");
        checks.requireCount(vectors, batch.size(), offset, status, exchange.body());
        List<Embedding> embeddings = new ArrayList<>(batch.size());
        for (int i = 0; i < vectors.size(); i++) {
            embeddings.add(new Embedding(checks.vector(vectors.get(i).path("values"), offset + i, status, exchange.body())));
        }
        LOG.debug("{} embed model={} texts={} latency={}ms", provider, model, batch.size(), exchange.latency().toMillis());
        return embeddings;
    }

    @Override
    public String toString() {
        return "GeminiEmbeddingModel[" + endpoint + ", model=" + model + ", batchSize=" + batchSize + "]";
    }

    /**
     * Configures a {@link GeminiEmbeddingModel}. Every setter checks its input at once and names the fix.
     *
     * <pre>{@code
     * EmbeddingModel embedder = GeminiEmbeddingModel.builder()
     *         .apiKey(System.getenv("GEMINI_API_KEY"))
     *         .model("gemini-embedding-001")
     *         .dimension(768)
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final GeminiEndpoint.Settings settings = new GeminiEndpoint.Settings();
        private int batchSize = MAX_BATCH_SIZE;
        private Integer dimension;
        private String taskType;

        private Builder() {
        }

        /** The API root; default {@value GeminiEndpoint#DEFAULT_BASE_URL}. */
        public Builder baseUrl(String baseUrl) {
            settings.baseUrl(baseUrl);
            return this;
        }

        /** The API key, sent as the {@code x-goog-api-key} header; required. */
        public Builder apiKey(String apiKey) {
            settings.apiKey(apiKey);
            return this;
        }

        /** The embedding model, e.g. {@code gemini-embedding-001}; required. */
        public Builder model(String model) {
            settings.model(model);
            return this;
        }

        /** The most texts sent in one request, 1 to {@value GeminiEmbeddingModel#MAX_BATCH_SIZE} (the default). */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize " + batchSize + " is outside 1.." + MAX_BATCH_SIZE
                        + ": batchEmbedContents takes at most " + MAX_BATCH_SIZE + " texts per call");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The vector length to ask for ({@code outputDimensionality}) and to check; default the model's own. */
        public Builder dimension(int dimension) {
            if (dimension <= 0) {
                throw new IllegalArgumentException("dimension " + dimension + " is not positive: pass e.g. 768, 1536 or 3072");
            }
            this.dimension = dimension;
            return this;
        }

        /** The task the vectors serve ({@code taskType}), e.g. {@code RETRIEVAL_DOCUMENT} or {@code RETRIEVAL_QUERY}. */
        public Builder taskType(String taskType) {
            SettingChecks.notBlank("taskType", taskType, "pass e.g. RETRIEVAL_DOCUMENT, RETRIEVAL_QUERY or SEMANTIC_SIMILARITY");
            if (!taskType.matches("[A-Z_]+")) {
                throw new IllegalArgumentException("taskType '" + taskType + "' is not a Gemini task type: pass e.g. "
                        + "RETRIEVAL_DOCUMENT, RETRIEVAL_QUERY or SEMANTIC_SIMILARITY");
            }
            this.taskType = taskType;
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

        /** The name reported in responses and exceptions; default {@code gemini}. */
        public Builder providerName(String providerName) {
            settings.http.providerName(providerName);
            return this;
        }

        /** The clock that reads {@code Retry-After} dates; default the system UTC clock. */
        public Builder clock(Clock clock) {
            settings.http.clock(clock);
            return this;
        }

        /** The model. Throws when no key or no model is set. */
        public GeminiEmbeddingModel build() {
            return new GeminiEmbeddingModel(this);
        }
    }
}
