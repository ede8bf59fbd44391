package dev.llmops.rag;

import dev.llmops.core.LlmopsException;

/**
 * The root of the exceptions the RAG module throws: a document, chunker or embedding model that cannot do
 * what it was asked. Subtypes say who must act.
 *
 * <p>Immutable and thread-safe.
 */
public class RagException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    public RagException(String message) {
        super(message);
    }

    public RagException(String message, Throwable cause) {
        super(message, cause);
    }
}
