package dev.llmops.core;

/**
 * Why the model stopped producing output.
 */
public enum FinishReason {
    /** A natural end or a stop sequence. */
    STOP,
    /** The output reached {@code maxTokens} or the context limit; the answer is cut off. */
    LENGTH,
    /** The model stopped to call tools. */
    TOOL_CALLS,
    /** The provider's content filter removed or blocked output. */
    CONTENT_FILTER,
    /** Any other or an unreported reason. */
    OTHER
}
