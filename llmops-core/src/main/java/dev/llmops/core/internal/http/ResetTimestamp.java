package dev.llmops.core.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a rate-limit reset given as an RFC 3339 timestamp, such as Anthropic's
 * {@code anthropic-ratelimit-requests-reset: 2026-01-01T00:00:30Z}, as the wait from a clock's now.
 * Returns empty for a missing or unreadable value (a malformed header must never hide the error it came
 * with), and {@link Duration#ZERO} for a time already past.
 *
 * <pre>{@code
 * Optional<Duration> wait = ResetTimestamp.parse(headers.get("anthropic-ratelimit-tokens-reset"), clock);
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class ResetTimestamp {
    private ResetTimestamp() {
    }

    /** The time from {@code clock}'s now until the RFC 3339 timestamp {@code value}. */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse(value.strip());
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
