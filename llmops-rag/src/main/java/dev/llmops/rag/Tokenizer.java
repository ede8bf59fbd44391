package dev.llmops.rag;

import java.util.List;

/**
 * Splits text into the tokens of an embedding model's vocabulary, each with its span in the source text. Chunkers
 * use it to measure sizes in the tokens the embedding model will see.
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface Tokenizer {

    /** The tokens of {@code text}, without special tokens and without truncation, in order. */
    List<Token> tokenize(String text);

    /** The number of tokens of {@code text}, without special tokens. */
    default int count(String text) {
        return tokenize(text).size();
    }
}
