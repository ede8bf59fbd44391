package dev.llmops.rag.index;

import dev.llmops.rag.RagException;

/**
 * The index could not be read or written (I/O, a locked or corrupt directory). The last commit is intact: a failed
 * write is rolled back.
 *
 * <p>Immutable and thread-safe.
 */
public class IndexException extends RagException {
    private static final long serialVersionUID = 1L;

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
