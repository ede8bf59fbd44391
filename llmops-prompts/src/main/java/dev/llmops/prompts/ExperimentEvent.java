package dev.llmops.prompts;

import java.time.Instant;
import java.util.Objects;

/**
 * What an {@link ExperimentLog} records: a subject saw a variant, or an outcome was measured for a subject.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface ExperimentEvent {
    Instant time();

    String experiment();

    String subject();

    /** The version the subject was assigned. */
    String variant();

    /** A subject was served a variant. */
    record Exposure(Instant time, String experiment, String subject, String variant) implements ExperimentEvent {
        public Exposure {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(experiment, "experiment");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(variant, "variant");
        }
    }

    /**
     * An outcome for a subject: 1/0 for a conversion, or any score (rating, resolution time).
     *
     * @param value finite
     */
    record Outcome(Instant time, String experiment, String subject, String variant, double value) implements ExperimentEvent {
        public Outcome {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(experiment, "experiment");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(variant, "variant");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("outcome " + value + " of subject " + subject + " is not finite: record a number");
            }
        }
    }
}
