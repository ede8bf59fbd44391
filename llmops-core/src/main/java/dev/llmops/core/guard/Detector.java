package dev.llmops.core.guard;

import dev.llmops.core.internal.SecretScrubber;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one kind of value in a text. A pattern detector checks each match with a validator (Luhn, mod-97,
 * ranges); when a match fails, it retries the match cut at its last space or dash, so a valid number followed
 * by an unrelated group of digits is still found.
 *
 * <p>Immutable and thread-safe.
 */
abstract class Detector {
    final String label;

    Detector(String label) {
        this.label = label;
    }

    /** The spans of this detector's values in {@code text}, in order. */
    abstract List<Span> find(String text);

    /** A found value: {@code text.substring(start, end)} is labelled {@code label}. */
    record Span(int start, int end, String label, int priority) {
        int length() {
            return end - start;
        }
    }

    static Detector pattern(String label, Pattern pattern, Predicate<String> valid) {
        return new PatternDetector(label, pattern, valid);
    }

    static Detector secrets(SecretScrubber scrubber) {
        return new SecretDetector(scrubber);
    }

    private static final class PatternDetector extends Detector {
        private final Pattern pattern;
        private final Predicate<String> valid;

        PatternDetector(String label, Pattern pattern, Predicate<String> valid) {
            super(label);
            this.pattern = Objects.requireNonNull(pattern, "pattern");
            this.valid = Objects.requireNonNull(valid, "valid");
        }

        @Override
        List<Span> find(String text) {
            List<Span> spans = new ArrayList<>();
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue;
                }
                int end = validEnd(text, m.start(), m.end());
                if (end > m.start()) {
                    spans.add(new Span(m.start(), end, label, 0));
                }
            }
            return spans;
        }

        /** The end of the longest valid candidate starting at {@code start}, or {@code start} when there is none. */
        private int validEnd(String text, int start, int end) {
            while (end > start) {
                String candidate = text.substring(start, end);
                if (valid.test(candidate)) {
                    return end;
                }
                int cut = Math.max(candidate.lastIndexOf(' '), candidate.lastIndexOf('-'));
                if (cut <= 0) {
                    return start;
                }
                end = start + cut;
                Matcher shorter = pattern.matcher(text).region(start, end);
                shorter.useTransparentBounds(true).useAnchoringBounds(false);
                if (!shorter.lookingAt() || shorter.end() != end) {
                    return start;
                }
            }
            return start;
        }
    }

    private static final class SecretDetector extends Detector {
        private final SecretScrubber scrubber;

        SecretDetector(SecretScrubber scrubber) {
            super(PiiKind.SECRET.name());
            this.scrubber = scrubber;
        }

        @Override
        List<Span> find(String text) {
            List<Span> spans = new ArrayList<>();
            for (SecretScrubber.Found found : scrubber.find(text)) {
                spans.add(new Span(found.start(), found.end(), label, 0));
            }
            return spans;
        }
    }
}
