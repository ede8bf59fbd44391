package dev.llmops.core;

import java.util.Objects;

/**
 * A system instruction.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the instruction; never blank
 */
public record SystemMessage(String text) implements Message {
    public SystemMessage {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("system message text is blank: give it an instruction or leave the system message out");
        }
    }
}
