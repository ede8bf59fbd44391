package dev.llmops.core;

/**
 * One turn of a conversation. The family is closed, so a {@code switch} over a message is exhaustive:
 *
 * <pre>{@code
 * String role = switch (message) {
 *     case SystemMessage s -> "system";
 *     case UserMessage u -> "user";
 *     case AssistantMessage a -> "assistant";
 *     case ToolResultMessage t -> "tool";
 * };
 * }</pre>
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolResultMessage {

    /** A system instruction. */
    static SystemMessage system(String text) {
        return new SystemMessage(text);
    }

    /** A user turn holding only text. */
    static UserMessage user(String text) {
        return UserMessage.of(text);
    }

    /** An assistant turn holding only text. */
    static AssistantMessage assistant(String text) {
        return AssistantMessage.of(text);
    }
}
