package dev.llmops.core;

import java.util.List;
import java.util.Objects;

/**
 * The embeddings of a batch of texts, in the order the texts were given.
 *
 * <p>Immutable and thread-safe.
 *
 * @param embeddings one per input text, in input order
 * @param usage      tokens consumed (input tokens only)
 * @param model      the model id that produced them
 */
public record EmbeddingResponse(List<Embedding> embeddings, Usage usage, String model) {
    public EmbeddingResponse {
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(model, "model");
        embeddings = List.copyOf(embeddings);
    }
}
