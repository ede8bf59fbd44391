package dev.llmops.core.guard;

import dev.llmops.core.ChatRequest;

/**
 * Estimates how many input tokens a request will use, before it is sent. {@link #charsPerToken(int)} is the
 * rule of thumb for English text with OpenAI and Anthropic tokenizers (about four characters a token); plug in
 * a real tokenizer where the limit is tight:
 *
 * <pre>{@code
 * TokenEstimator exact = request -> myTokenizer.count(request.messages());
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {

    /** The estimated input tokens of {@code request}; never negative. */
    long estimate(ChatRequest request);

    /**
     * {@code ceil(c / charsPerToken)}, where {@code c} counts the characters of every text in the request (system
     * text, user text parts, assistant text, tool-call names and arguments, tool results; images count 0).
     *
     * @throws IllegalArgumentException when {@code charsPerToken} is not positive
     */
    static TokenEstimator charsPerToken(int charsPerToken) {
        if (charsPerToken <= 0) {
            throw new IllegalArgumentException("charsPerToken " + charsPerToken + " is not positive: use 4 for English text");
        }
        return request -> (MessageTexts.characters(request.messages()) + charsPerToken - 1) / charsPerToken;
    }

    /** {@link #charsPerToken(int) charsPerToken(4)}. */
    static TokenEstimator defaults() {
        return charsPerToken(4);
    }
}
