package dev.llmops.core;


/**
 * Estimates how many input tokens a request will use, before it is sent: a budget refuses a call that would
 * overspend, a rate limiter reserves tokens per minute, a guard refuses an oversized prompt. The default is the
 * rule of thumb for English text with OpenAI and Anthropic tokenizers (about four characters a token); the
 * interceptors reconcile with the usage the provider reports, so it only needs to be roughly right. Plug in a
 * real tokenizer where a limit is tight:
 *
 * <pre>{@code
 * TokenEstimator exact = request -> myTokenizer.count(request.messages());
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {
    /** The tokens an image is estimated at by {@link #charactersPerToken(int)}: a high-detail image's order. */
    long IMAGE_TOKENS = 1_000;

    /** The estimated input tokens of {@code request}; zero or more. */
    long inputTokens(ChatRequest request);

    /** The default: about four characters a token ({@code charactersPerToken(4)}). */
    static TokenEstimator defaults() {
        return charactersPerToken(4);
    }

    /**
     * Counts the characters the provider is sent (message texts, tool calls and results, tool names,
     * descriptions and schemas, the response schema), divides by {@code characters} rounding up, and adds
     * {@value #IMAGE_TOKENS} tokens per image.
     *
     * @throws IllegalArgumentException when {@code characters} is not positive
     */
    static TokenEstimator charactersPerToken(int characters) {
        if (characters <= 0) {
            throw new IllegalArgumentException("characters per token " + characters + " is not positive: English text is about 4");
        }
        return request -> {
            long chars = 0;
            long images = 0;
            for (Message message : request.messages()) {
                switch (message) {
                    case SystemMessage s -> chars += s.text().length();
                    case UserMessage u -> {
                        for (ContentPart part : u.parts()) {
                            switch (part) {
                                case TextPart t -> chars += t.text().length();
                                case ImagePart i -> images++;
                            }
                        }
                    }
                    case AssistantMessage a -> {
                        chars += a.text().length();
                        for (ToolCall call : a.toolCalls()) {
                            chars += call.name().length() + call.arguments().length();
                        }
                    }
                    case ToolResultMessage t -> chars += t.content().length();
                }
            }
            for (ToolSpec tool : request.options().tools()) {
                chars += tool.name().length() + tool.description().length() + tool.parametersSchema().length();
            }
            if (request.options().responseFormat() instanceof ResponseFormat.JsonSchema schema) {
                chars += schema.schema().length();
            }
            return (chars + characters - 1) / characters + images * IMAGE_TOKENS;
        };
    }
}
