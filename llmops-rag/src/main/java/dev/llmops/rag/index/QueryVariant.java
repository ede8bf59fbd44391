package dev.llmops.rag.index;

import java.util.Objects;

/**
 * One search a {@link QueryRewriter} asks for: a text BM25 matches and, unless a hypothetical passage is given,
 * the dense side embeds as a query. With a {@link #passage()} (HyDE), the dense side embeds that passage as a
 * document instead, and BM25 still matches {@link #text()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text    the query text; not blank
 * @param passage a hypothetical answer passage to embed for the dense side; empty for none
 */
public record QueryVariant(String text, String passage) {
    public QueryVariant {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(passage, "passage");
        if (text.isBlank()) {
            throw new IllegalArgumentException("query variant text is blank; give the query to search");
        }
        if (!passage.isEmpty() && passage.isBlank()) {
            throw new IllegalArgumentException("hypothetical passage for '" + text + "' is only whitespace; give the"
                    + " passage text, or use QueryVariant.of(text) for none");
        }
    }

    /** A plain query: BM25 matches {@code text}, the dense side embeds it as a query. */
    public static QueryVariant of(String text) {
        return new QueryVariant(text, "");
    }

    /** A HyDE variant: BM25 matches {@code text}, the dense side embeds {@code passage} as a document. */
    public static QueryVariant withPassage(String text, String passage) {
        return new QueryVariant(text, passage);
    }
}
