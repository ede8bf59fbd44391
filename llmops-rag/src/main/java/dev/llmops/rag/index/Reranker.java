package dev.llmops.rag.index;

import java.util.List;

/**
 * Reorders the candidates of a search, e.g. with a cross-encoder or an LLM. It runs after fusion and before MMR
 * (see {@link RagIndex#search(String, SearchOptions, Reranker)}).
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface Reranker {

    /**
     * The hits to keep, best first, usually with new scores ({@link SearchHit#withScore(double)}). It may drop
     * hits but must not invent them.
     */
    List<SearchHit> rerank(String query, List<SearchHit> hits);
}
