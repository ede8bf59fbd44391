package dev.llmops.rag;

import java.util.List;

/**
 * Splits a document into chunks small enough to embed, each an exact substring of the document with its offsets.
 * Stock chunkers are in {@link Chunkers}.
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface Chunker {

    /** The chunks of {@code document}, in document order, numbered from 0; none when it has only whitespace. */
    List<Chunk> chunk(Document document);
}
