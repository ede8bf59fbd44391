package dev.llmops.rag;

/**
 * What a {@link CachingEmbeddingModel} served from its cache and what it had to compute.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hits   texts served from memory or disk
 * @param misses texts sent to the model
 */
public record CacheStats(long hits, long misses) {
    public CacheStats {
        if (hits < 0 || misses < 0) {
            throw new IllegalArgumentException("cache counts must not be negative: hits=" + hits + ", misses=" + misses);
        }
    }
}
