package dev.llmops.rag.index;

import dev.llmops.rag.Chunk;
import java.util.Objects;

/**
 * A retrieved chunk and its score. Scores compare only within one result list: BM25 scores, dense similarities
 * (cosine mapped to [0, 1]) and fused scores are on different scales.
 *
 * <p>Immutable and thread-safe.
 *
 * @param chunk the chunk, with its document id, offsets and metadata
 * @param score higher is better
 */
public record SearchHit(Chunk chunk, double score) {
    public SearchHit {
        Objects.requireNonNull(chunk, "chunk");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score of chunk " + chunk.index() + " of '" + chunk.documentId()
                    + "' is NaN");
        }
    }

    /** This hit with another score (after reranking, say). */
    public SearchHit withScore(double newScore) {
        return new SearchHit(chunk, newScore);
    }
}
