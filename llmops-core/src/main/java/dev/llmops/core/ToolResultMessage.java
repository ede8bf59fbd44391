package dev.llmops.core;

import java.util.Objects;

/**
 * The result of a tool call, sent back to the model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param toolCallId the {@link ToolCall#id()} this answers
 * @param toolName   the {@link ToolCall#name()} this answers (some providers match results by name)
 * @param content    the result, usually JSON or plain text
 */
public record ToolResultMessage(String toolCallId, String toolName, String content) implements Message {
    public ToolResultMessage {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(content, "content");
    }

    /** The result of {@code call}. */
    public static ToolResultMessage of(ToolCall call, String content) {
        Objects.requireNonNull(call, "call");
        return new ToolResultMessage(call.id(), call.name(), content);
    }
}
