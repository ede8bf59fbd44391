package dev.llmops.core.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of one call: {@link #redact(String)} replaces each value found with a typed, numbered
 * placeholder ({@code [EMAIL_1]}, {@code [CARD_1]}), the same value always with the same placeholder, and
 * {@link #restore(String)} puts the originals back. A {@link PiiRedactor} makes one per call; make one with
 * {@link PiiRedactor#newRedaction()} to redact text outside a chat call:
 *
 * <pre>{@code
 * Redaction redaction = PiiRedactor.builder().build().newRedaction();
 * String safe = redaction.redact("Mail ana@example.com or ana@example.com");  // "Mail [EMAIL_1] or [EMAIL_1]"
 * String back = redaction.restore("Sent to [EMAIL_1].");                       // "Sent to ana@example.com."
 * }</pre>
 *
 * <p>Not thread-safe: it belongs to one call.
 */
public final class Redaction {
    /** What a placeholder looks like: a label of capitals, digits and underscores, an underscore, a number. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z0-9_]*_\\d+]");

    private final List<Detector> detectors;
    private final Map<String, String> placeholderByValue = new HashMap<>();
    private final Map<String, String> valueByPlaceholder = new HashMap<>();
    private final Map<String, Integer> distinctByLabel = new HashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int longestPlaceholder;
    private int total;

    Redaction(List<Detector> detectors) {
        this.detectors = detectors;
    }

    /** {@code text} with every value found replaced by its placeholder. */
    public String redact(String text) {
        Objects.requireNonNull(text, "text");
        List<Detector.Span> spans = spans(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Detector.Span span : spans) {
            out.append(text, at, span.start()).append(placeholder(span.label(), text.substring(span.start(), span.end())));
            counts.merge(span.label(), 1, Integer::sum);
            total++;
            at = span.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** {@code text} with every placeholder this redaction issued replaced by its original value. */
    public String restore(String text) {
        Objects.requireNonNull(text, "text");
        if (valueByPlaceholder.isEmpty() || text.indexOf('[') < 0) {
            return text;
        }
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                valueByPlaceholder.getOrDefault(m.group(), m.group())));
    }

    /** How many values were replaced so far, per label ({@code EMAIL}, {@code CARD}, ...). */
    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** The total number of values replaced so far. */
    public int total() {
        return total;
    }

    /** The length of the longest placeholder issued so far; 0 before any. */
    int longestPlaceholder() {
        return longestPlaceholder;
    }

    private String placeholder(String label, String value) {
        String existing = placeholderByValue.get(value);
        if (existing != null) {
            return existing;
        }
        int number = distinctByLabel.merge(label, 1, Integer::sum);
        String placeholder = "[" + label + "_" + number + "]";
        placeholderByValue.put(value, placeholder);
        valueByPlaceholder.put(placeholder, value);
        longestPlaceholder = Math.max(longestPlaceholder, placeholder.length());
        return placeholder;
    }

    /**
     * The spans of every detector, overlaps resolved: the earliest start wins, then the longest, then the
     * detector listed first.
     */
    private List<Detector.Span> spans(String text) {
        Detector.Traits traits = Detector.Traits.of(text);
        List<Detector.Span> all = new ArrayList<>();
        for (int i = 0; i < detectors.size(); i++) {
            for (Detector.Span span : detectors.get(i).find(text, traits)) {
                all.add(new Detector.Span(span.start(), span.end(), span.label(), i));
            }
        }
        if (all.isEmpty()) {
            return List.of();
        }
        all.sort(Comparator.comparingInt(Detector.Span::start)
                .thenComparing(Comparator.comparingInt(Detector.Span::length).reversed())
                .thenComparingInt(Detector.Span::priority));
        List<Detector.Span> kept = new ArrayList<>();
        int end = 0;
        for (Detector.Span span : all) {
            if (span.start() >= end) {
                kept.add(span);
                end = span.end();
            }
        }
        return kept;
    }
}
