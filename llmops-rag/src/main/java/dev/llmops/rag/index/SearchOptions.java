package dev.llmops.rag.index;

import java.util.Objects;

/**
 * The knobs of one search. Start from {@link #defaults()} (hybrid, reciprocal-rank fusion with k=60, top 10 of
 * 100 candidates per retriever, HNSW search width {@value #DEFAULT_EF_SEARCH}, no filter, no MMR) and change what you
 * need with the {@code withX} methods.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode       which retrievers answer
 * @param topK       how many hits to return; at least 1
 * @param candidates how many hits each retriever contributes before fusion, MMR and reranking; raised to
 *                   {@code topK} when smaller
 * @param filter     the metadata condition every hit meets
 * @param fusion     how hybrid combines its two lists (ignored by the other modes)
 * @param mmrLambda  maximal marginal relevance: 1 keeps the relevance order (off); lower trades relevance for
 *                   diversity among the candidates, in [0, 1]
 * @param efSearch   how many nearest neighbours the HNSW graph search collects (Lucene's {@code k}, the {@code ef}
 *                   of the HNSW papers) before the dense retriever keeps its best {@code candidates}; the search uses
 *                   the larger of the two. Wider finds more of the true nearest neighbours and costs latency roughly
 *                   in proportion; in [1, {@value #MAX_EF_SEARCH}]
 */
public record SearchOptions(RetrievalMode mode, int topK, int candidates, Filter filter, Fusion fusion, double mmrLambda,
        int efSearch) {
    /** The default {@link #efSearch()}. */
    public static final int DEFAULT_EF_SEARCH = 100;
    /** The largest {@link #efSearch()} accepted. */
    public static final int MAX_EF_SEARCH = 10_000;

    public SearchOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(fusion, "fusion");
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
        }
        if (!(mmrLambda >= 0 && mmrLambda <= 1)) {
            throw new IllegalArgumentException("MMR lambda must be in [0, 1] (1 = off), got " + mmrLambda);
        }
        if (efSearch < 1 || efSearch > MAX_EF_SEARCH) {
            throw new IllegalArgumentException("efSearch must be in [1, " + MAX_EF_SEARCH + "], got " + efSearch
                    + "; " + DEFAULT_EF_SEARCH + " is the default, larger finds more true neighbours more slowly");
        }
        candidates = Math.max(candidates, topK);
    }

    /** Hybrid with RRF (k=60), top 10 of 100 candidates per retriever, efSearch {@value #DEFAULT_EF_SEARCH}, no
     * filter, no MMR. */
    public static SearchOptions defaults() {
        return new SearchOptions(RetrievalMode.HYBRID, 10, 100, Filter.all(), Fusion.rrf(), 1.0, DEFAULT_EF_SEARCH);
    }

    public SearchOptions withMode(RetrievalMode newMode) {
        return new SearchOptions(newMode, topK, candidates, filter, fusion, mmrLambda, efSearch);
    }

    public SearchOptions withTopK(int newTopK) {
        return new SearchOptions(mode, newTopK, candidates, filter, fusion, mmrLambda, efSearch);
    }

    public SearchOptions withCandidates(int newCandidates) {
        return new SearchOptions(mode, topK, newCandidates, filter, fusion, mmrLambda, efSearch);
    }

    public SearchOptions withFilter(Filter newFilter) {
        return new SearchOptions(mode, topK, candidates, newFilter, fusion, mmrLambda, efSearch);
    }

    public SearchOptions withFusion(Fusion newFusion) {
        return new SearchOptions(mode, topK, candidates, filter, newFusion, mmrLambda, efSearch);
    }

    /** With MMR diversification at {@code lambda} (1 = off, 0.5 = balanced). */
    public SearchOptions withMmr(double lambda) {
        return new SearchOptions(mode, topK, candidates, filter, fusion, lambda, efSearch);
    }

    /** With the HNSW search collecting {@code newEfSearch} neighbours (at least {@code candidates} are always
     * collected). */
    public SearchOptions withEfSearch(int newEfSearch) {
        return new SearchOptions(mode, topK, candidates, filter, fusion, mmrLambda, newEfSearch);
    }

    /** The number of neighbours the HNSW search collects: the larger of {@link #efSearch()} and
     * {@link #candidates()}. */
    int knnK() {
        return Math.max(efSearch, candidates);
    }
}
