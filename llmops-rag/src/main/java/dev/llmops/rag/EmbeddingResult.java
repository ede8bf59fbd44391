package dev.llmops.rag;

import dev.llmops.core.Embedding;
import java.util.Objects;

/**
 * The embedding of one text by a local model, with what the model saw of it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param embedding the vector, L2-normalised
 * @param tokens    the tokens fed to the model, {@code [CLS]} and {@code [SEP]} included
 * @param truncated whether the text was cut to the model's {@code maxTokens()} (only with {@link Overflow#TRUNCATE})
 */
public record EmbeddingResult(Embedding embedding, int tokens, boolean truncated) {
    public EmbeddingResult {
        Objects.requireNonNull(embedding, "embedding");
        if (tokens < 2) {
            throw new IllegalArgumentException("an embedded text has at least 2 tokens ([CLS], [SEP]), not " + tokens);
        }
    }
}
