package dev.llmops.rag;

/**
 * A text has more tokens than a local embedding model accepts and the model was built to refuse rather than
 * cut it. The caller must act: chunk the text (see {@link Chunkers}) or build the model with
 * {@link Overflow#TRUNCATE}.
 *
 * <p>Immutable and thread-safe.
 */
public class InputTooLongException extends RagException {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final int tokens;
    private final int maxTokens;

    public InputTooLongException(int index, int tokens, int maxTokens) {
        super("text " + index + " has " + tokens + " tokens (with [CLS] and [SEP]) but the model accepts at most "
                + maxTokens + "; split it with Chunkers (e.g. Chunkers.recursive(" + (maxTokens - 2) + ", 32)) or build the"
                + " model with overflow(Overflow.TRUNCATE) to cut it and have the cut reported");
        this.index = index;
        this.tokens = tokens;
        this.maxTokens = maxTokens;
    }

    /** The position of the offending text in the batch. */
    public int index() {
        return index;
    }

    /** The tokens the whole text needs, special tokens included. */
    public int tokens() {
        return tokens;
    }

    /** The most tokens the model accepts, special tokens included. */
    public int maxTokens() {
        return maxTokens;
    }
}
