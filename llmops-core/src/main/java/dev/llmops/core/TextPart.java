package dev.llmops.core;

import java.util.Objects;

/**
 * Text inside a user turn.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the text; may be empty only when other parts carry the content
 */
public record TextPart(String text) implements ContentPart {
    public TextPart {
        Objects.requireNonNull(text, "text");
    }
}
