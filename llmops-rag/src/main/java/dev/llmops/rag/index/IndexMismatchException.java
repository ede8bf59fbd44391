package dev.llmops.rag.index;

import dev.llmops.rag.RagException;

/**
 * The index on disk was built with another embedding model, dimension or schema than the one it is opened with;
 * its vectors would not be comparable with new ones. Open it with the model it records, or rebuild it elsewhere.
 *
 * <p>Immutable and thread-safe.
 */
public class IndexMismatchException extends RagException {
    private static final long serialVersionUID = 1L;

    public IndexMismatchException(String message) {
        super(message);
    }
}
