package dev.llmops.rag.index;

import java.util.List;
import java.util.Objects;

/**
 * Retrieved passages ready for a prompt: {@code text} holds blocks {@code "[1] ...\n\n[2] ..."}, and
 * {@code citations.get(i)} says where passage {@code [i + 1]} comes from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text      the numbered passages; empty when no hit fitted the budget
 * @param citations one per passage, in order
 * @param tokens    the tokens of {@code text} by the tokenizer it was built with
 */
public record Context(String text, List<Citation> citations, int tokens) {
    public Context {
        Objects.requireNonNull(text, "text");
        citations = List.copyOf(citations);
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens is negative: " + tokens);
        }
    }
}
