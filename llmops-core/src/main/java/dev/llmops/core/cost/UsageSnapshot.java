package dev.llmops.core.cost;

import java.util.Map;
import java.util.Objects;

/**
 * The totals a {@link CostTracker} kept, at one moment: overall, per model (as the provider reported it),
 * per prompt ({@code name@version}, or {@code name} when the call named no version: from the metadata keys
 * {@link dev.llmops.core.ChatOptions#PROMPT_NAME} and {@link dev.llmops.core.ChatOptions#PROMPT_VERSION}) and
 * per tag (the metadata key {@link CostTracker#TAG}). Calls without a prompt name or a tag appear only in the
 * overall and per-model totals.
 *
 * <p>Immutable and thread-safe.
 *
 * @param total    every call
 * @param byModel  per model id
 * @param byPrompt per prompt
 * @param byTag    per tag
 */
public record UsageSnapshot(Totals total, Map<String, Totals> byModel, Map<String, Totals> byPrompt,
        Map<String, Totals> byTag) {
    public UsageSnapshot {
        Objects.requireNonNull(total, "total");
        byModel = Map.copyOf(byModel);
        byPrompt = Map.copyOf(byPrompt);
        byTag = Map.copyOf(byTag);
    }

    /** The totals of {@code model}, {@link Totals#NONE} when it had no calls. */
    public Totals model(String model) {
        return byModel.getOrDefault(model, Totals.NONE);
    }

    /**
     * The totals of the prompt {@code name} at {@code version} ({@code null}: calls that named no version),
     * {@link Totals#NONE} when it had no calls.
     */
    public Totals prompt(String name, String version) {
        Objects.requireNonNull(name, "name");
        return byPrompt.getOrDefault(version == null ? name : name + "@" + version, Totals.NONE);
    }

    /** The totals of {@code tag}, {@link Totals#NONE} when it had no calls. */
    public Totals tag(String tag) {
        return byTag.getOrDefault(tag, Totals.NONE);
    }
}
