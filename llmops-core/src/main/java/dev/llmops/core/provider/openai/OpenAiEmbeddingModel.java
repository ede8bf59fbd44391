package dev.llmops.core.provider.openai;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link EmbeddingModel} speaking OpenAI's embeddings API ({@code POST /embeddings}): OpenAI, Azure OpenAI
 * and compatible servers. Texts are sent in batches of {@link Builder#batchSize(int)} inputs per request, one
 * batch after another, and the vectors come back in input order (placed by the response's {@code index}).
 *
 * <pre>{@code
 * EmbeddingModel embedder = OpenAiEmbeddingModel.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .model("text-embedding-3-small")
 *         .build();
 * List<Embedding> vectors = embedder.embed(List.of("first text", "second text")).embeddings();
 * }</pre>
 *
 * <p>{@link #dimension()} is the configured {@link Builder#dimensions(int)}, else the length of the vectors
 * already received, else the documented size of OpenAI's {@code text-embedding-3-small} (1536),
 * {@code text-embedding-3-large} (3072) and {@code text-embedding-ada-002} (1536), else it embeds one short
 * probe text to learn it. A vector of any other length than the dimension fails the call with a
 * non-retryable {@link ProviderException} (error code {@code dimension_mismatch}).
 *
 * <p>Errors map as for {@link OpenAiChatModel}.
 *
 * <p>Immutable and thread-safe (the learned dimension is set once, atomically).
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiEmbeddingModel.class);
    private static final Map<String, Integer> KNOWN_DIMENSIONS = Map.of(
            "text-embedding-3-small", 1536,
            "text-embedding-3-large", 3072,
            "text-embedding-ada-002", 1536);
    /** The default number of inputs per request (OpenAI accepts up to 2048). */
    public static final int DEFAULT_BATCH_SIZE = 256;

    private final OpenAiEndpoint endpoint;
    private final HttpUrl url;
    private final String model;
    private final Integer dimensions;
    private final int batchSize;
    private final AtomicInteger learnedDimension = new AtomicInteger();

    private OpenAiEmbeddingModel(Builder builder) {
        this.endpoint = builder.settings.build();
        this.url = endpoint.url("embeddings");
        this.model = builder.settings.model;
        this.dimensions = builder.dimensions;
        this.batchSize = builder.batchSize;
        if (model == null && !endpoint.isAzure()) {
            throw new IllegalArgumentException("no embedding model named for " + endpoint.provider()
                    + ": set one with OpenAiEmbeddingModel.builder().model(\"text-embedding-3-small\")");
        }
    }

    /** A builder starting from OpenAI's API at {@code https://api.openai.com/v1}, without a key. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to embed: pass at least one non-empty text");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("text " + i + " is empty: the embeddings API rejects empty input; drop it or replace it");
            }
        }
        Embedding[] out = new Embedding[texts.size()];
        Usage usage = Usage.ZERO;
        String answeredBy = model != null ? model : "";
        Instant start = endpoint.clock().instant();
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            ProviderHttp.Exchange exchange = endpoint.http().exchange(url, requestBody(batch), endpoint.clock());
            JsonNode root = WireJson.parseObject(endpoint.provider(), exchange.status(), exchange.body(), "embeddings response");
            readVectors(root, exchange, out, from, batch.size());
            usage = usage.plus(Usage.of(Math.max(0, root.path("usage").path("prompt_tokens").asLong(0)), 0));
            answeredBy = WireJson.orDefault(WireJson.text(root, "model"), answeredBy);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} embed model={} texts={} requests={} latency={}ms input={}", endpoint.provider(), answeredBy, texts.size(),
                    (texts.size() + batchSize - 1) / batchSize, Duration.between(start, endpoint.clock().instant()).toMillis(),
                    usage.inputTokens());
        }
        return new EmbeddingResponse(Arrays.asList(out), usage, answeredBy);
    }

    /**
     * The length of every vector: configured, learned from a response, or known for OpenAI's models; failing
     * all three, learned by embedding one short probe text (a provider call).
     */
    @Override
    public int dimension() {
        if (dimensions != null) {
            return dimensions;
        }
        int learned = learnedDimension.get();
        if (learned > 0) {
            return learned;
        }
        Integer known = model != null ? KNOWN_DIMENSIONS.get(model) : null;
        if (known != null) {
            return known;
        }
        return embed("dimension probe").dimension();
    }

    private byte[] requestBody(List<String> batch) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        ArrayNode input = body.putArray("input");
        batch.forEach(input::add);
        body.put("encoding_format", "float");
        if (dimensions != null) {
            body.put("dimensions", dimensions);
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} embeddings request of {} inputs", endpoint.provider(), batch.size());
        }
        return bytes;
    }

    private void readVectors(JsonNode root, ProviderHttp.Exchange exchange, Embedding[] out, int offset, int count) {
        JsonNode data = root.path("data");
        if (!data.isArray() || data.size() != count) {
            throw parseFailure(exchange, "has " + (data.isArray() ? data.size() : 0) + " embeddings in data for " + count + " inputs");
        }
        for (int position = 0; position < count; position++) {
            JsonNode item = data.get(position);
            JsonNode indexNode = item.get("index");
            int index = indexNode != null && indexNode.isIntegralNumber() ? indexNode.asInt() : position;
            if (index < 0 || index >= count || out[offset + index] != null) {
                throw parseFailure(exchange, "has an embedding with index " + index + " outside 0.." + (count - 1) + " or repeated");
            }
            JsonNode vector = item.path("embedding");
            if (!vector.isArray() || vector.isEmpty()) {
                throw parseFailure(exchange, "has embedding " + index + " that is not a non-empty array of floats");
            }
            float[] values = new float[vector.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = vector.get(i).floatValue();
            }
            checkDimension(values.length);
            out[offset + index] = new Embedding(values);
        }
    }

    private void checkDimension(int length) {
        int expected = dimensions != null ? dimensions : learnedDimension.get();
        if (expected == 0 && learnedDimension.compareAndSet(0, length)) {
            return;
        }
        expected = dimensions != null ? dimensions : learnedDimension.get();
        if (length != expected) {
            String fix = dimensions != null
                    ? "the server ignored dimensions(" + dimensions + "): set dimensions(" + length + ") or use a model that supports shortening"
                    : "the server changed models between calls: use one model per OpenAiEmbeddingModel";
            throw new ProviderException(endpoint.provider(), 200, "dimension_mismatch", false, null, endpoint.provider()
                    + " returned a " + length + "-dimensional embedding but this model's dimension is " + expected + "; " + fix, null);
        }
    }

    private ResponseParseException parseFailure(ProviderHttp.Exchange exchange, String what) {
        return new ResponseParseException(endpoint.provider(), exchange.status(), endpoint.provider() + " embeddings response " + what,
                exchange.body(), null);
    }

    @Override
    public String toString() {
        return "OpenAiEmbeddingModel[" + endpoint + ", model=" + (model != null ? model : "(deployment)")
                + ", batchSize=" + batchSize + (dimensions != null ? ", dimensions=" + dimensions : "") + "]";
    }

    /**
     * Configures an {@link OpenAiEmbeddingModel}. Every setter checks its input at once and names the fix.
     *
     * <p>OpenAI:
     * <pre>{@code
     * EmbeddingModel openai = OpenAiEmbeddingModel.builder()
     *         .apiKey(System.getenv("OPENAI_API_KEY"))
     *         .model("text-embedding-3-small")
     *         .dimensions(512)
     *         .build();
     * }</pre>
     *
     * <p>Azure OpenAI:
     * <pre>{@code
     * EmbeddingModel azure = OpenAiEmbeddingModel.builder()
     *         .azure("https://my-resource.openai.azure.com", "my-embedding-deployment", "2024-10-21")
     *         .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
     *         .batchSize(64)
     *         .build();
     * }</pre>
     *
     * <p>A local server that needs no key (Ollama's {@code /v1}):
     * <pre>{@code
     * EmbeddingModel local = OpenAiEmbeddingModel.builder()
     *         .baseUrl("http://localhost:11434/v1")
     *         .model("nomic-embed-text")
     *         .providerName("ollama")
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe.
     */
    public static final class Builder extends OpenAiBuilder<Builder> {
        private Integer dimensions;
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Asks for vectors of this length ({@code dimensions}; text-embedding-3 models and later). */
        public Builder dimensions(int dimensions) {
            if (dimensions <= 0) {
                throw new IllegalArgumentException("dimensions " + dimensions + " is not positive: pass the vector length wanted, e.g. 512");
            }
            this.dimensions = dimensions;
            return this;
        }

        /** The most inputs sent in one request; default {@value OpenAiEmbeddingModel#DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0 || batchSize > 2048) {
                throw new IllegalArgumentException("batchSize " + batchSize + " is outside 1..2048: OpenAI accepts up to 2048 inputs per request");
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The model.
         *
         * @throws IllegalArgumentException when no model is named (and no Azure deployment is set)
         */
        public OpenAiEmbeddingModel build() {
            return new OpenAiEmbeddingModel(this);
        }
    }
}
