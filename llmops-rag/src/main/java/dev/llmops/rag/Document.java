package dev.llmops.rag;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A text to index, with an id unique within its corpus and free-form metadata (source, title, author...)
 * that every chunk of it inherits.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id       unique within the corpus; not blank
 * @param text     the content; not empty (whitespace only counts as empty)
 * @param metadata string keys and values, copied
 */
public record Document(String id, String text, Map<String, String> metadata) {
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(metadata, "metadata");
        if (id.isBlank()) {
            throw new IllegalArgumentException("document id is blank; give every document an id unique within its corpus"
                    + " (a path, a URL or a database key)");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("document '" + id + "' has no text" + (text.isEmpty() ? "" : " (only whitespace)")
                    + "; skip empty documents before indexing");
        }
        metadata = Map.copyOf(metadata);
    }

    /** A document without metadata. */
    public static Document of(String id, String text) {
        return new Document(id, text, Map.of());
    }

    /** This document with {@code key} set to {@code value} in its metadata. */
    public Document withMetadata(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        var copy = new HashMap<>(metadata);
        copy.put(key, value);
        return new Document(id, text, copy);
    }
}
