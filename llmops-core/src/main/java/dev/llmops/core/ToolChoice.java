package dev.llmops.core;

import java.util.Objects;

/**
 * Whether and which tool the model must call.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface ToolChoice {
    /** The model decides whether to call tools (the providers' default when tools are offered). */
    ToolChoice AUTO = new Auto();
    /** The model must not call tools. */
    ToolChoice NONE = new None();
    /** The model must call at least one tool. */
    ToolChoice REQUIRED = new Required();

    /** The model must call the tool named {@code name}. */
    static ToolChoice tool(String name) {
        return new Tool(name);
    }

    /** See {@link #AUTO}. */
    record Auto() implements ToolChoice {
    }

    /** See {@link #NONE}. */
    record None() implements ToolChoice {
    }

    /** See {@link #REQUIRED}. */
    record Required() implements ToolChoice {
    }

    /** The model must call this tool. @param name the tool's {@link ToolSpec#name()} */
    record Tool(String name) implements ToolChoice {
        public Tool {
            Objects.requireNonNull(name, "name");
        }
    }
}
