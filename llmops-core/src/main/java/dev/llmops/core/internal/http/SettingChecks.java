package dev.llmops.core.internal.http;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Checks for provider builder settings (a non-blank value, an http(s) URL, a non-negative timeout), each
 * failing with a message that names the setting and the fix.
 *
 * <pre>{@code
 * this.baseUrl = SettingChecks.httpUrl("baseUrl", url, "https://api.anthropic.com");
 * this.readTimeout = SettingChecks.timeout("readTimeout", timeout);
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class SettingChecks {
    private SettingChecks() {
    }

    /** {@code value}, which must be neither null nor blank; {@code fix} says what to pass instead. */
    public static String notBlank(String name, String value, String fix) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank: " + fix);
        }
        return value;
    }

    /** {@code value} as an http(s) URL; {@code example} shows a valid one. */
    public static HttpUrl httpUrl(String name, String value, String example) {
        notBlank(name, value, "pass a URL such as " + example);
        HttpUrl url = HttpUrl.parse(value.strip());
        if (url == null) {
            throw new IllegalArgumentException(name + " '" + value + "' is not an http(s) URL: pass a URL such as " + example);
        }
        return url;
    }

    /** A timeout: zero (none) or positive. */
    public static Duration timeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(name + " " + timeout + " is negative: pass a positive duration, "
                    + "or Duration.ZERO for no timeout");
        }
        return timeout;
    }
}
