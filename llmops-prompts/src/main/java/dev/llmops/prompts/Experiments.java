package dev.llmops.prompts;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Runs A/B experiments over a registry: serves each subject its sticky variant's prompt, recording the exposure,
 * and records outcomes, so that {@link #summary(Experiment)} can compare the versions.
 *
 * <pre>{@code
 * Experiments experiments = Experiments.builder()
 *     .registry(registry)
 *     .log(ExperimentLog.jsonLines(Path.of("target/experiments.jsonl")))
 *     .build();
 * Prompt prompt = experiments.expose(tone, userId);       // support-answer@2 or @3, always the same for userId
 * ...
 * experiments.recordOutcome(tone, userId, resolved ? 1 : 0);
 * ExperimentSummary summary = experiments.summary(tone);
 * }</pre>
 *
 * <p>Thread-safe; create one and share it.
 */
public final class Experiments {
    private final PromptRegistry registry;
    private final ExperimentLog log;
    private final Clock clock;

    private Experiments(Builder b) {
        this.registry = Objects.requireNonNull(b.registry, "registry: call registry(...) before build()");
        this.log = b.log;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The prompt version the subject is assigned, recording the exposure.
     *
     * @throws PromptNotFoundException when the variant's version does not exist in the registry
     */
    public Prompt expose(Experiment experiment, String subjectId) {
        Variant variant = experiment.assign(subjectId);
        Prompt prompt = registry.version(experiment.prompt(), variant.version());
        log.append(new ExperimentEvent.Exposure(Instant.now(clock), experiment.name(), subjectId, variant.version()));
        return prompt;
    }

    /** Records an outcome for a subject (its variant is its sticky assignment). */
    public void recordOutcome(Experiment experiment, String subjectId, double value) {
        Variant variant = experiment.assign(subjectId);
        log.append(new ExperimentEvent.Outcome(Instant.now(clock), experiment.name(), subjectId, variant.version(), value));
    }

    /** The experiment's numbers so far. */
    public ExperimentSummary summary(Experiment experiment) {
        return ExperimentSummary.of(experiment, log.events(experiment.name()));
    }

    /** Configures {@link Experiments}. Not thread-safe. */
    public static final class Builder {
        private PromptRegistry registry;
        private ExperimentLog log = ExperimentLog.jsonLines(java.nio.file.Path.of("llmops-experiments.jsonl"));
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder registry(PromptRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Where events go; JSON lines in {@code llmops-experiments.jsonl} in the working directory by default. */
        public Builder log(ExperimentLog log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Experiments build() {
            return new Experiments(this);
        }
    }
}
