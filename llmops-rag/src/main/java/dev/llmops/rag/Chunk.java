package dev.llmops.rag;

import java.util.Map;
import java.util.Objects;

/**
 * A piece of a {@link Document}: its text is exactly {@code document.text().substring(startOffset, endOffset)}, so a
 * citation can point back into the source.
 *
 * <p>Immutable and thread-safe.
 *
 * @param documentId  the id of the document it comes from
 * @param index       its position among the document's chunks, from 0
 * @param text        the chunk's text; not empty
 * @param startOffset the offset of its first char in the document text (inclusive)
 * @param endOffset   the offset after its last char (exclusive); {@code endOffset - startOffset == text.length()}
 * @param metadata    the document's metadata plus what the chunker adds (e.g. {@value #HEADING_PATH}), copied
 */
public record Chunk(String documentId, int index, String text, int startOffset, int endOffset, Map<String, String> metadata) {
    /** Metadata key of the Markdown heading path of a chunk, e.g. {@code "Title > Section > Sub"}. */
    public static final String HEADING_PATH = "heading_path";

    public Chunk {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(metadata, "metadata");
        if (documentId.isBlank()) {
            throw new IllegalArgumentException("chunk documentId is blank; chunks must name their document");
        }
        if (index < 0) {
            throw new IllegalArgumentException("chunk index " + index + " is negative; chunks are numbered from 0");
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("chunk " + index + " of document '" + documentId + "' is empty");
        }
        if (startOffset < 0 || endOffset - startOffset != text.length()) {
            throw new IllegalArgumentException("chunk " + index + " of document '" + documentId + "' has offsets ["
                    + startOffset + ", " + endOffset + ") that do not span its " + text.length() + " chars");
        }
        metadata = Map.copyOf(metadata);
    }
}
