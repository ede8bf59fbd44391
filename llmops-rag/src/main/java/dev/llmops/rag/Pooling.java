package dev.llmops.rag;

/**
 * How a sentence vector is made from a transformer's per-token vectors.
 *
 * <p>Immutable and thread-safe.
 */
public enum Pooling {
    /** The vector of the first token, {@code [CLS]} (BGE models). */
    CLS,
    /** The average of the token vectors the attention mask covers, special tokens included (sentence-transformers). */
    MEAN
}
