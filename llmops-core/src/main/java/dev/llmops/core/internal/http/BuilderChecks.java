package dev.llmops.core.internal.http;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Checks the provider builders share: a non-blank value, a non-negative timeout. Each failure names the
 * setting and the fix. Also generates tool-call ids for providers whose wire format has none.
 *
 * <p>Thread-safe (stateless).
 */
public final class BuilderChecks {
    private BuilderChecks() {
    }

    /** {@code value}, checked to be non-null and not blank; {@code fix} says what to pass instead. */
    public static String notBlank(String name, String value, String fix) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank: " + fix);
        }
        return value;
    }

    /** {@code timeout}, checked to be non-null and non-negative. */
    public static Duration timeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " " + timeout + " is negative: pass a positive duration, "
                    + "or Duration.ZERO for no timeout");
        }
        return timeout;
    }

    /** A fresh tool-call id, {@code call_} and 24 hex digits, for a provider that sends none. */
    public static String newToolCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
