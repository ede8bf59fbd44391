package dev.llmops.rag.index;

import java.util.Objects;

/**
 * The knobs of one search. Start from {@link #defaults()} (hybrid, reciprocal-rank fusion with k=60, top 10 of
 * 100 candidates per retriever, no filter, no MMR) and change what you need with the {@code withX} methods.
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
 */
public record SearchOptions(RetrievalMode mode, int topK, int candidates, Filter filter, Fusion fusion, double mmrLambda) {
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
        candidates = Math.max(candidates, topK);
    }

    /** Hybrid with RRF (k=60), top 10 of 100 candidates per retriever, no filter, no MMR. */
    public static SearchOptions defaults() {
        return new SearchOptions(RetrievalMode.HYBRID, 10, 100, Filter.all(), Fusion.rrf(), 1.0);
    }

    public SearchOptions withMode(RetrievalMode newMode) {
        return new SearchOptions(newMode, topK, candidates, filter, fusion, mmrLambda);
    }

    public SearchOptions withTopK(int newTopK) {
        return new SearchOptions(mode, newTopK, candidates, filter, fusion, mmrLambda);
    }

    public SearchOptions withCandidates(int newCandidates) {
        return new SearchOptions(mode, topK, newCandidates, filter, fusion, mmrLambda);
    }

    public SearchOptions withFilter(Filter newFilter) {
        return new SearchOptions(mode, topK, candidates, newFilter, fusion, mmrLambda);
    }

    public SearchOptions withFusion(Fusion newFusion) {
        return new SearchOptions(mode, topK, candidates, filter, newFusion, mmrLambda);
    }

    /** With MMR diversification at {@code lambda} (1 = off, 0.5 = balanced). */
    public SearchOptions withMmr(double lambda) {
        return new SearchOptions(mode, topK, candidates, filter, fusion, lambda);
    }
}
