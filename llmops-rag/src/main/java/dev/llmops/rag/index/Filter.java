package dev.llmops.rag.index;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A condition on chunk metadata (which chunks inherit from their document). Filters are applied inside each
 * retriever (a filtered kNN search, a filtered BM25 query), so a filtered search still returns its top k.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Filter permits Filter.All, Filter.Equals, Filter.In, Filter.Range, Filter.And {

    /** No condition. */
    static Filter all() {
        return All.INSTANCE;
    }

    /** Metadata {@code key} equals {@code value} exactly. */
    static Filter eq(String key, String value) {
        return new Equals(key, value);
    }

    /** Metadata {@code key} equals one of {@code values}. */
    static Filter in(String key, String... values) {
        return new In(key, Set.of(values));
    }

    /**
     * Metadata {@code key}, read as a number, lies in {@code [min, max]} (inclusive). Only values that parse as a
     * finite {@code double} when indexed are numbers; use infinities for an open end.
     */
    static Filter range(String key, double min, double max) {
        return new Range(key, min, max);
    }

    /** Every one of {@code filters}. */
    static Filter and(Filter... filters) {
        return new And(List.of(filters));
    }

    /** Matches every chunk. */
    enum All implements Filter {
        INSTANCE
    }

    /** Metadata {@code key} equals {@code value}. */
    record Equals(String key, String value) implements Filter {
        public Equals {
            requireKey(key);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Metadata {@code key} equals one of {@code values} (at least one). */
    record In(String key, Set<String> values) implements Filter {
        public In {
            requireKey(key);
            values = Set.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Filter.in(\"" + key + "\") has no values; it would match nothing."
                        + " Pass at least one value");
            }
        }
    }

    /** Metadata {@code key} as a number in {@code [min, max]}. */
    record Range(String key, double min, double max) implements Filter {
        public Range {
            requireKey(key);
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("Filter.range(\"" + key + "\", " + min + ", " + max
                        + ") is empty; pass min <= max (infinities for an open end)");
            }
        }
    }

    /** All of {@code filters}. */
    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("filter key is blank; name a metadata key");
        }
    }
}
