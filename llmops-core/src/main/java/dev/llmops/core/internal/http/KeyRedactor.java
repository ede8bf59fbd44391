package dev.llmops.core.internal.http;

import dev.llmops.core.internal.SecretScrubber;
import java.util.List;

/**
 * Keeps one configured API key, and anything shaped like a well-known key, out of a text that may reach an
 * exception message or a log: a provider's error message, a transport failure's reason.
 *
 * <pre>{@code
 * KeyRedactor redactor = new KeyRedactor(apiKey);
 * String safe = redactor.scrub(errorBody);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyRedactor {
    private final SecretScrubber scrubber;
    private final String shortKey;

    /** A redactor for {@code apiKey}, which may be {@code null} (then only key-shaped strings are replaced). */
    public KeyRedactor(String apiKey) {
        boolean literal = apiKey != null && apiKey.length() >= SecretScrubber.MIN_LITERAL_LENGTH;
        this.scrubber = literal ? SecretScrubber.standard().withLiterals(List.of(apiKey)) : SecretScrubber.standard();
        this.shortKey = apiKey != null && !apiKey.isEmpty() && !literal ? apiKey : null;
    }

    /** {@code text} with the key and key-shaped strings replaced by {@value SecretScrubber#REDACTED}. */
    public String scrub(String text) {
        String result = scrubber.scrub(text);
        return shortKey != null ? result.replace(shortKey, SecretScrubber.REDACTED) : result;
    }
}
