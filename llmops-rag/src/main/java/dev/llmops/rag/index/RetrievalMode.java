package dev.llmops.rag.index;

/**
 * Which retrievers answer a query.
 *
 * <p>Immutable and thread-safe.
 */
public enum RetrievalMode {
    /** Lexical: BM25 over the analyzed chunk text. */
    BM25,
    /** Semantic: approximate nearest neighbours (HNSW) of the query embedding. */
    DENSE,
    /** Both, combined by the options' {@link Fusion}. */
    HYBRID
}
