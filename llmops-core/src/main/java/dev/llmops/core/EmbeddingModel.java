package dev.llmops.core;

import java.util.List;
import java.util.Objects;

/**
 * Turns texts into vectors. Implementations batch as the provider allows; callers pass any number of texts.
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface EmbeddingModel {

    /**
     * Embeds every text, returning the vectors in input order.
     *
     * @throws IllegalArgumentException when {@code texts} is empty or holds an empty text
     * @throws ProviderException        when a provider call fails
     */
    EmbeddingResponse embed(List<String> texts);

    /** Embeds one text. */
    default Embedding embed(String text) {
        return embed(List.of(Objects.requireNonNull(text, "text"))).embeddings().get(0);
    }

    /** The length of every vector this model produces. */
    int dimension();
}
