package dev.llmops.prompts;

import java.util.List;

/** The answer type the sample prompt {@code triage} declares as its output. Immutable and thread-safe. */
public record Triage(Priority priority, String team, List<String> tags) {
    /** How urgent a ticket is. */
    public enum Priority { LOW, NORMAL, URGENT }
}
