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

    /** The spans of this detector's values in {@code text}, whose traits are {@code traits}, in order. */
    abstract List<Span> find(String text, Traits traits);

    /**
     * What a text holds, counted in one pass, so a detector whose values cannot occur in it skips its regex:
     * no e-mail without {@code @}, no card without 13 digits.
     *
     * @param digits    the number of ASCII digits
     * @param dots      the number of {@code .}
     * @param colons    the number of {@code :}
     * @param at        whether it holds {@code @}
     * @param dash      whether it holds {@code -}
     * @param ibanStart whether two capitals are followed by two digits somewhere
     */
    record Traits(int digits, int dots, int colons, boolean at, boolean dash, boolean ibanStart) {
        static Traits of(String text) {
            int digits = 0;
            int dots = 0;
            int colons = 0;
            boolean at = false;
            boolean dash = false;
            boolean ibanStart = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits++;
                    ibanStart |= i >= 3 && isCapital(text.charAt(i - 3)) && isCapital(text.charAt(i - 2))
                            && isDigit(text.charAt(i - 1));
                } else if (c == '.') {
                    dots++;
                } else if (c == ':') {
                    colons++;
                } else if (c == '@') {
                    at = true;
                } else if (c == '-') {
                    dash = true;
                }
            }
            return new Traits(digits, dots, colons, at, dash, ibanStart);
        }

        private static boolean isCapital(char c) {
            return c >= 'A' && c <= 'Z';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    /** A found value: {@code text.substring(start, end)} is labelled {@code label}. */
    record Span(int start, int end, String label, int priority) {
        int length() {
            return end - start;
        }
    }

    /** A detector of every match of {@code pattern} that passes {@code valid}. */
    static Detector pattern(String label, Pattern pattern, Predicate<String> valid) {
        return new PatternDetector(label, pattern, traits -> true, valid);
    }

    /**
     * A detector of every match of {@code pattern} that passes {@code valid}, run only on texts whose traits
     * pass {@code possible}: it must hold for every text that has a valid match.
     */
    static Detector pattern(String label, Pattern pattern, Predicate<Traits> possible, Predicate<String> valid) {
        return new PatternDetector(label, pattern, possible, valid);
    }

    static Detector secrets(SecretScrubber scrubber) {
        return new SecretDetector(scrubber);
    }

    private static final class PatternDetector extends Detector {
        private final Pattern pattern;
        private final Predicate<Traits> possible;
        private final Predicate<String> valid;

        PatternDetector(String label, Pattern pattern, Predicate<Traits> possible, Predicate<String> valid) {
            super(label);
            this.pattern = Objects.requireNonNull(pattern, "pattern");
            this.possible = Objects.requireNonNull(possible, "possible");
            this.valid = Objects.requireNonNull(valid, "valid");
        }

        @Override
        List<Span> find(String text, Traits traits) {
            if (!possible.test(traits)) {
                return List.of();
            }
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
        List<Span> find(String text, Traits traits) {
            List<Span> spans = new ArrayList<>();
            for (SecretScrubber.Found found : scrubber.find(text)) {
                spans.add(new Span(found.start(), found.end(), label, 0));
            }
            return spans;
        }
    }
}
