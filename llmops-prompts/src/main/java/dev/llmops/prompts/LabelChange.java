package dev.llmops.prompts;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the label audit trail: a label of a prompt moved from one version to another.
 *
 * <p>Immutable and thread-safe.
 *
 * @param time   when
 * @param prompt the prompt's name
 * @param label  the label
 * @param from   the version it pointed at before; empty when the label is new
 * @param to     the version it points at now
 * @param reason why, as the caller gave it
 * @param actor  who (the registry's actor, by default the {@code user.name} system property)
 */
public record LabelChange(Instant time, String prompt, String label, String from, String to, String reason, String actor) {
    public LabelChange {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
    }
}
