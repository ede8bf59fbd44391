package dev.llmops.core;

/**
 * Tokens a call consumed, as the provider reported them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputTokens       prompt tokens, including cached ones
 * @param outputTokens      completion tokens, including reasoning tokens
 * @param cachedInputTokens the part of {@code inputTokens} served from the provider's prompt cache
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
    /** No tokens, or none reported. */
    public static final Usage ZERO = new Usage(0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: input=" + inputTokens
                    + ", output=" + outputTokens + ", cached=" + cachedInputTokens);
        }
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("cached input tokens (" + cachedInputTokens
                    + ") exceed input tokens (" + inputTokens + "): cached tokens are a part of the input");
        }
    }

    /** Usage without cached tokens. */
    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0);
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The sum of this and {@code other}. */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens);
    }
}
