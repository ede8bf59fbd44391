package dev.llmops.rag.internal;

import java.util.List;
import java.util.Objects;

/**
 * The input checks every embedding model of this module makes, as core's {@code EmbeddingModel} contract says.
 *
 * <p>Immutable and thread-safe.
 */
public final class EmbeddingInputs {
    private EmbeddingInputs() {
    }

    /**
     * @throws IllegalArgumentException when {@code texts} is empty or holds an empty text (naming its index)
     * @throws NullPointerException     when {@code texts} or one of them is null
     */
    public static void check(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to embed; pass at least one");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (Objects.requireNonNull(texts.get(i), "text " + i).isEmpty()) {
                throw new IllegalArgumentException("text " + i + " is empty; embed only texts with content");
            }
        }
    }
}
