package dev.llmops.prompts;

import java.util.Objects;

/**
 * One arm of an {@link Experiment}: a prompt version and its share of the traffic.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the prompt version this arm serves
 * @param weight  its relative share; positive
 */
public record Variant(String version, int weight) {
    public Variant {
        Objects.requireNonNull(version, "version");
        if (weight <= 0) {
            throw new IllegalArgumentException("weight of variant " + version + " is " + weight
                    + ": give a positive share (e.g. 50), or leave the variant out");
        }
    }

    public static Variant of(String version, int weight) {
        return new Variant(version, weight);
    }
}
