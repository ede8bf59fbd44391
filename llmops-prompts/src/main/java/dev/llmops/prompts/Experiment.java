package dev.llmops.prompts;

import dev.llmops.prompts.internal.Hashing;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An A/B experiment: traffic to a prompt split between versions by weight. The first variant is the baseline
 * the others are compared with.
 *
 * <p>Assignment is sticky and identical in every JVM and after restarts: a subject's point in [0, 1) is the first
 * 8 bytes of SHA-256 over the UTF-8 bytes of {@code experimentName + "\n" + subjectId}, read as a big-endian
 * unsigned number, its top 53 bits divided by 2^53; the subject gets the variant whose cumulative weight range
 * (in declaration order, as fractions of the total) holds that point. Renaming the experiment reshuffles
 * everyone; changing weights moves only the subjects whose point crosses a boundary.
 *
 * <pre>{@code
 * Experiment tone = Experiment.of("support-tone-2026-11", "support-answer", Variant.of("2", 50), Variant.of("3", 50));
 * Variant variant = tone.assign(userId);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param name     the experiment's name (part of the assignment hash)
 * @param prompt   the prompt whose versions are compared
 * @param variants the arms, baseline first; versions unique
 */
public record Experiment(String name, String prompt, List<Variant> variants) {
    public Experiment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prompt, "prompt");
        variants = List.copyOf(variants);
        if (name.isBlank()) {
            throw new IllegalArgumentException("experiment name is blank: name it (the name seeds the assignment)");
        }
        if (variants.size() < 2) {
            throw new IllegalArgumentException("experiment " + name + " has " + variants.size()
                    + " variant(s): give at least two versions to compare");
        }
        Set<String> seen = new HashSet<>();
        for (Variant v : variants) {
            if (!seen.add(v.version())) {
                throw new IllegalArgumentException("experiment " + name + " lists version " + v.version() + " twice: list each once and weight it");
            }
        }
    }

    public static Experiment of(String name, String prompt, Variant... variants) {
        return new Experiment(name, prompt, List.of(variants));
    }

    /** The baseline: the first variant. */
    public Variant baseline() {
        return variants.get(0);
    }

    /** The subject's point in [0, 1), as described above. */
    public double point(String subjectId) {
        Objects.requireNonNull(subjectId, "subjectId");
        long bits = ByteBuffer.wrap(Hashing.sha256(name + "\n" + subjectId)).getLong();
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** The variant a subject is assigned to: always the same for the same experiment name, subject and weights. */
    public Variant assign(String subjectId) {
        double point = point(subjectId);
        long total = variants.stream().mapToLong(Variant::weight).sum();
        long cumulative = 0;
        for (Variant v : variants) {
            cumulative += v.weight();
            if (point < (double) cumulative / total) {
                return v;
            }
        }
        return variants.get(variants.size() - 1);
    }
}
