package dev.llmops.rag.index;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.Message;
import java.util.List;
import java.util.Objects;

/**
 * The chat requests of the LLM-backed retrieval steps ({@link LlmJudgeReranker}, {@link MultiQueryRewriter},
 * {@link HydeRewriter}): their instructions as the system message, the step's input as the user message, and the
 * step's prompt name in the metadata so a {@code CostTracker} or trace shows what each step cost.
 */
final class ChatCalls {
    private ChatCalls() {
    }

    /**
     * A system and a user message with {@code options}, labelled {@code promptName} under
     * {@link ChatOptions#PROMPT_NAME} unless the options already name a prompt.
     */
    static ChatRequest request(String instructions, String userText, ChatOptions options, String promptName) {
        ChatOptions labelled = options.metadata().containsKey(ChatOptions.PROMPT_NAME) ? options
                : options.withMetadata(ChatOptions.PROMPT_NAME, promptName);
        return new ChatRequest(List.of(Message.system(instructions), Message.user(userText)), labelled);
    }

    /** {@code instructions}, checked to be a usable system prompt. */
    static String requireInstructions(String instructions) {
        Objects.requireNonNull(instructions, "instructions");
        if (instructions.isBlank()) {
            throw new IllegalArgumentException("instructions are blank; pass the system prompt the model should follow"
                    + " (the DEFAULT_INSTRUCTIONS constant shows what it must ask for)");
        }
        return instructions;
    }

    /** The default options of every step: temperature 0, so the same input gets the same answer (and cache hits). */
    static ChatOptions defaultOptions() {
        return ChatOptions.defaults().withTemperature(0.0);
    }
}
