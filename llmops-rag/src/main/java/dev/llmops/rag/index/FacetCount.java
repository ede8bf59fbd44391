package dev.llmops.rag.index;

import java.util.Objects;

/**
 * One value of a metadata key and how many documents carry it among those counted (see
 * {@link RagIndex#facets(String, Filter, int)}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param value     the metadata value, exactly as indexed
 * @param documents how many distinct documents have a counted chunk with this value; positive
 */
public record FacetCount(String value, int documents) {
    public FacetCount {
        Objects.requireNonNull(value, "value");
        if (documents < 1) {
            throw new IllegalArgumentException("facet value '" + value + "' has count " + documents
                    + "; a listed value is carried by at least one document");
        }
    }
}
