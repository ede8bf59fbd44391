package dev.llmops.core;

import java.util.List;
import java.util.Objects;

/**
 * An assistant turn: text, tool calls, or both.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text      the text; empty when the model answered only with tool calls
 * @param toolCalls the tools the model asked to call, in the order it asked
 */
public record AssistantMessage(String text, List<ToolCall> toolCalls) implements Message {
    public AssistantMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(toolCalls, "toolCalls");
        toolCalls = List.copyOf(toolCalls);
    }

    /** An assistant turn holding only text. */
    public static AssistantMessage of(String text) {
        return new AssistantMessage(text, List.of());
    }

    /** An assistant turn holding only tool calls. */
    public static AssistantMessage ofToolCalls(List<ToolCall> toolCalls) {
        return new AssistantMessage("", toolCalls);
    }

    /** Whether the model asked for at least one tool call. */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
