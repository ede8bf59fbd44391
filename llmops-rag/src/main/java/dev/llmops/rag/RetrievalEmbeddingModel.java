package dev.llmops.rag;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.EmbeddingResponse;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EmbeddingModel} that knows queries from documents: some models (BGE, E5) want a search query worded
 * differently from the passages it should find. {@link #embed(List)} embeds documents; {@link #embedQuery(String)}
 * embeds a query.
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface RetrievalEmbeddingModel extends EmbeddingModel {

    /** Embeds a search query, with whatever instruction the model expects on queries. */
    Embedding embedQuery(String query);

    /** The model id, as in {@link EmbeddingResponse#model()}. */
    String modelId();

    /**
     * Adapts a provider model (core {@link EmbeddingModel}) that treats queries and documents alike.
     *
     * @param modelId names the model in cache keys; use the provider's model name
     */
    static RetrievalEmbeddingModel of(EmbeddingModel model, String modelId) {
        return of(model, modelId, "");
    }

    /**
     * Adapts a provider model, prefixing queries with {@code queryPrefix} (e.g. {@code "query: "} for E5).
     *
     * @param modelId names the model in cache keys; use the provider's model name
     */
    static RetrievalEmbeddingModel of(EmbeddingModel model, String modelId, String queryPrefix) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(queryPrefix, "queryPrefix");
        if (model instanceof RetrievalEmbeddingModel r && queryPrefix.isEmpty() && r.modelId().equals(modelId)) {
            return r;
        }
        return new RetrievalEmbeddingModel() {
            @Override
            public EmbeddingResponse embed(List<String> texts) {
                return model.embed(texts);
            }

            @Override
            public Embedding embedQuery(String query) {
                Objects.requireNonNull(query, "query");
                return model.embed(queryPrefix + query);
            }

            @Override
            public String modelId() {
                return modelId;
            }

            @Override
            public int dimension() {
                return model.dimension();
            }

            @Override
            public String toString() {
                return "RetrievalEmbeddingModel[" + modelId + "]";
            }
        };
    }
}
