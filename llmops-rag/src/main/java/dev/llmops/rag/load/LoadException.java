package dev.llmops.rag.load;

import dev.llmops.rag.RagException;

/**
 * A file could not be turned into documents: unreadable, malformed, or without text. The message names the file.
 *
 * <p>Immutable and thread-safe.
 */
public class LoadException extends RagException {
    private static final long serialVersionUID = 1L;

    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
