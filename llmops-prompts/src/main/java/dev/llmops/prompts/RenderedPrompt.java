package dev.llmops.prompts;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.Message;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.UserMessage;
import java.util.List;
import java.util.Objects;

/**
 * A prompt rendered with its inputs: the messages, and the model options carrying the prompt's name, version and
 * hash in their metadata ({@link ChatOptions#PROMPT_NAME}, {@link ChatOptions#PROMPT_VERSION},
 * {@link ChatOptions#PROMPT_HASH}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param messages the conversation, in template order
 * @param options  the prompt's model and parameters plus the prompt metadata
 * @param missing  the variables left unrendered (as {@code {{name}}}); empty unless rendered with
 *                 {@link Prompt#renderPartial(java.util.Map)}
 */
public record RenderedPrompt(List<Message> messages, ChatOptions options, List<String> missing) {
    /** Tokens per message for the role and framing, as OpenAI's chat format counts them. */
    static final int TOKENS_PER_MESSAGE = 4;

    public RenderedPrompt {
        messages = List.copyOf(messages);
        Objects.requireNonNull(options, "options");
        missing = List.copyOf(missing);
    }

    /**
     * The chat request for these messages and options.
     *
     * @throws PromptVariableException when the prompt was rendered partially and variables are still missing
     */
    public ChatRequest toRequest() {
        if (!missing.isEmpty()) {
            throw new PromptVariableException(missing.get(0), "prompt " + options.metadata().get(ChatOptions.PROMPT_NAME)
                    + " was rendered partially and misses " + missing, null, 0,
                    "render it with every required variable before sending it");
        }
        return new ChatRequest(messages, options);
    }

    /** Whether every variable was rendered. */
    public boolean complete() {
        return missing.isEmpty();
    }

    /**
     * An estimate of the prompt's input tokens: about one token per 4 characters of text (the rule of thumb for
     * English with OpenAI's and Anthropic's tokenizers), plus {@value #TOKENS_PER_MESSAGE} per message and 3 to
     * prime the answer. Use it for budgets and warnings, not billing.
     */
    public int tokenEstimate() {
        int tokens = 3;
        for (Message m : messages) {
            String text = switch (m) {
                case SystemMessage s -> s.text();
                case UserMessage u -> u.text();
                case AssistantMessage a -> a.text();
                case dev.llmops.core.ToolResultMessage t -> t.content();
            };
            tokens += TOKENS_PER_MESSAGE + (text.length() + 3) / 4;
        }
        return tokens;
    }
}
