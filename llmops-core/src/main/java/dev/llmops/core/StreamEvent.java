package dev.llmops.core;

import java.util.Objects;

/**
 * One event of a streamed chat call. A stream yields any number of {@link TextDelta} and
 * {@link ToolCallDelta} events, then exactly one {@link Completed} holding the assembled response.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface StreamEvent permits StreamEvent.TextDelta, StreamEvent.ToolCallDelta, StreamEvent.Completed {

    /** A piece of the assistant's text. @param text the new text, never empty */
    record TextDelta(String text) implements StreamEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A piece of a tool call. The first delta of a call carries its id and name; later ones carry further
     * fragments of the JSON arguments. Calls are told apart by {@code index}, and the deltas of parallel
     * calls may interleave.
     *
     * @param index          the position of the call in the assistant's tool calls
     * @param id             the call's id, or {@code null} on deltas after the first
     * @param name           the tool's name, or {@code null} on deltas after the first
     * @param argumentsDelta the next fragment of the arguments JSON; may be empty
     */
    record ToolCallDelta(int index, String id, String name, String argumentsDelta) implements StreamEvent {
        public ToolCallDelta {
            Objects.requireNonNull(argumentsDelta, "argumentsDelta");
            if (index < 0) {
                throw new IllegalArgumentException("tool call index " + index + " is negative");
            }
        }
    }

    /** The end of the stream. @param response the complete answer, assembled from every delta */
    record Completed(ChatResponse response) implements StreamEvent {
        public Completed {
            Objects.requireNonNull(response, "response");
        }
    }
}
