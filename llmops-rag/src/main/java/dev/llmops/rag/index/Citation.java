package dev.llmops.rag.index;

import java.util.Objects;

/**
 * Where passage {@code [number]} of a {@link Context} comes from: a span of one document's text (the union of the
 * retrieved chunks it merges).
 *
 * <p>Immutable and thread-safe.
 *
 * @param number      the passage number as printed in the context, from 1
 * @param documentId  the source document
 * @param startOffset the span's first char in the document text (inclusive)
 * @param endOffset   after its last char (exclusive)
 * @param score       the best score among the hits merged into the passage
 */
public record Citation(int number, String documentId, int startOffset, int endOffset, double score) {
    public Citation {
        Objects.requireNonNull(documentId, "documentId");
        if (number < 1) {
            throw new IllegalArgumentException("citation numbers start at 1, got " + number);
        }
        if (startOffset < 0 || endOffset <= startOffset) {
            throw new IllegalArgumentException("citation [" + number + "] of '" + documentId + "' has an empty or"
                    + " negative span [" + startOffset + ", " + endOffset + ")");
        }
    }
}
