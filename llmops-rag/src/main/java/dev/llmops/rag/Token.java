package dev.llmops.rag;

import java.util.Objects;

/**
 * One token of a text: its vocabulary id, its text in the vocabulary (e.g. {@code "##ing"}), and the span of the
 * source text it came from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id    the vocabulary id
 * @param value the vocabulary entry
 * @param start the offset of its first source char (inclusive)
 * @param end   the offset after its last source char (exclusive)
 */
public record Token(int id, String value, int start, int end) {
    public Token {
        Objects.requireNonNull(value, "value");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("token '" + value + "' has a bad span [" + start + ", " + end + ")");
        }
    }
}
