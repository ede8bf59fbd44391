package dev.llmops.rag.index;

/**
 * How a hybrid search combines its BM25 and dense rankings. BM25 scores are unbounded and dense scores lie in a
 * narrow band, so raw scores are never summed: {@link Rrf} uses ranks only, {@link Weighted} rescales each list
 * to [0, 1] first.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Fusion permits Fusion.Rrf, Fusion.Weighted {

    /** The usual RRF rank offset, from the paper that introduced it (Cormack et al., 2009). */
    int DEFAULT_RRF_K = 60;

    /** Reciprocal-rank fusion with the usual {@code k = 60}. */
    static Fusion rrf() {
        return new Rrf(DEFAULT_RRF_K);
    }

    /** Reciprocal-rank fusion: a hit scores {@code sum over lists of 1 / (k + rank)}, ranks from 1. */
    static Fusion rrf(int k) {
        return new Rrf(k);
    }

    /**
     * Min-max normalised weighted fusion: {@code denseWeight * dense' + (1 - denseWeight) * bm25'}, each list's
     * scores rescaled to [0, 1]; a hit absent from a list gets 0 from it.
     */
    static Fusion weighted(double denseWeight) {
        return new Weighted(denseWeight);
    }

    /**
     * Reciprocal-rank fusion.
     *
     * @param k the rank offset; larger flattens the contribution of the top ranks; positive
     */
    record Rrf(int k) implements Fusion {
        public Rrf {
            if (k < 1) {
                throw new IllegalArgumentException("RRF k must be at least 1, got " + k + "; 60 is the usual value");
            }
        }
    }

    /**
     * Normalised weighted fusion.
     *
     * @param denseWeight the weight of the dense list in [0, 1]; BM25 gets the rest
     */
    record Weighted(double denseWeight) implements Fusion {
        public Weighted {
            if (!(denseWeight >= 0 && denseWeight <= 1)) {
                throw new IllegalArgumentException("dense weight must be in [0, 1], got " + denseWeight);
            }
        }
    }
}
