package dev.llmops.core.internal.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses the waits providers ask for when they throttle or fail a call:
 *
 * <ul>
 *   <li>{@code Retry-After} (RFC 9110): whole (or, leniently, fractional) seconds such as {@code 20}, or an
 *       HTTP date such as {@code Wed, 21 Oct 2015 07:28:00 GMT}, taken relative to a clock;
 *   <li>{@code retry-after-ms}: milliseconds, e.g. {@code 1500} (OpenAI, Azure);
 *   <li>duration texts in Go's {@code time.Duration} format, e.g. {@code 1s}, {@code 6m0s}, {@code 20ms},
 *       {@code 1h2m3.5s} (OpenAI's {@code x-ratelimit-reset-requests} and {@code x-ratelimit-reset-tokens}).
 * </ul>
 *
 * <p>Every method returns empty for a missing or unreadable value rather than failing: a malformed header
 * must never hide the error that came with it. A date in the past gives {@link Duration#ZERO}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** A {@code Retry-After} value: seconds, or an HTTP date relative to {@code clock}'s now. */
    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        char first = v.charAt(0);
        if (first >= '0' && first <= '9' || first == '.') {
            return seconds(v);
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A {@code retry-after-ms} value: a non-negative number of milliseconds. */
    public static Optional<Duration> parseMillis(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            BigDecimal millis = new BigDecimal(value.trim());
            if (millis.signum() < 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(millis.movePointRight(6).longValue()));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * A duration in Go's format: a sequence of decimal numbers, each with a unit ({@code h}, {@code m},
     * {@code s}, {@code ms}, {@code us} or {@code µs}, {@code ns}), such as {@code 1h2m3.5s}; a bare number
     * is read as seconds.
     */
    public static Optional<Duration> parseDuration(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (isNumber(v)) {
            return seconds(v);
        }
        long nanos = 0;
        int i = 0;
        int n = v.length();
        try {
            while (i < n) {
                int start = i;
                while (i < n && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
                    i++;
                }
                if (i == start) {
                    return Optional.empty();
                }
                BigDecimal amount = new BigDecimal(v.substring(start, i));
                int unitStart = i;
                while (i < n && !(Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
                    i++;
                }
                long unitNanos = unitNanos(v.substring(unitStart, i));
                if (unitNanos == 0) {
                    return Optional.empty();
                }
                nanos = Math.addExact(nanos, amount.multiply(BigDecimal.valueOf(unitNanos)).longValue());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos));
    }

    private static Optional<Duration> seconds(String v) {
        if (!isNumber(v)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofNanos(new BigDecimal(v).movePointRight(9).toBigInteger().longValueExact()));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static boolean isNumber(String v) {
        boolean digit = false;
        boolean dot = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digit;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs", "μs" -> 1_000L;
            case "ns" -> 1L;
            default -> 0L;
        };
    }
}
