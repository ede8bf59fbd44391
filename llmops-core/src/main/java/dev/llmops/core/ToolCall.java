package dev.llmops.core;

import java.util.Objects;

/**
 * The model's request to call one of the tools offered in {@link ChatOptions#tools()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id        the provider's id for this call, echoed back in the {@link ToolResultMessage}
 * @param name      the tool's name
 * @param arguments the arguments as a JSON object text, exactly as the model produced it (it may be
 *                  invalid JSON: models make mistakes, and the caller decides what to do about it)
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool call has a blank name: every tool call names the tool it calls");
        }
    }
}
