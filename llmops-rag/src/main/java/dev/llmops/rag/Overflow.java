package dev.llmops.rag;

/**
 * What a local embedding model does with a text longer than its {@code maxTokens()}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Overflow {
    /** Refuse the whole batch with an {@link InputTooLongException} naming the text. The default. */
    FAIL,
    /** Keep the first {@code maxTokens()} tokens (special tokens included) and report the cut in the result. */
    TRUNCATE
}
