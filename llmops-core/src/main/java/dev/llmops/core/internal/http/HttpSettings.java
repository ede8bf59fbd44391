package dev.llmops.core.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The HTTP settings every provider builder shares: timeouts, the base OkHttp client, the provider name and
 * the clock. Each setter checks its input (through {@link SettingChecks}) and names the fix.
 *
 * <pre>{@code
 * final HttpSettings http = new HttpSettings("gemini");
 * public Builder readTimeout(Duration timeout) { http.readTimeout(timeout); return this; }
 * ...
 * OkHttpClient client = http.client();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class HttpSettings {
    private final String defaultName;
    private final String nameExample;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private OkHttpClient httpClient;
    private String providerName;
    private Clock clock = Clock.systemUTC();

    /** Settings for a provider named {@code defaultName} unless {@link #providerName(String)} says otherwise. */
    public HttpSettings(String defaultName) {
        this(defaultName, defaultName);
    }

    /** As {@link #HttpSettings(String)}; {@code nameExample} is suggested when a blank provider name is given. */
    public HttpSettings(String defaultName, String nameExample) {
        this.defaultName = Objects.requireNonNull(defaultName, "defaultName");
        this.nameExample = Objects.requireNonNull(nameExample, "nameExample");
    }

    public void connectTimeout(Duration timeout) {
        this.connectTimeout = SettingChecks.timeout("connectTimeout", timeout);
    }

    public void readTimeout(Duration timeout) {
        this.readTimeout = SettingChecks.timeout("readTimeout", timeout);
    }

    public void callTimeout(Duration timeout) {
        this.callTimeout = SettingChecks.timeout("callTimeout", timeout);
    }

    public void httpClient(OkHttpClient client) {
        this.httpClient = Objects.requireNonNull(client, "httpClient");
    }

    public void providerName(String name) {
        this.providerName = SettingChecks.notBlank("providerName", name, "pass a short name such as " + nameExample);
    }

    public void clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The provider name set, or the default given at construction. */
    public String providerName() {
        return providerNameOr(defaultName);
    }

    /** The provider name set, or {@code fallback} when none was (for a default that depends on other settings). */
    public String providerNameOr(String fallback) {
        return providerName != null ? providerName : fallback;
    }

    public Clock clock() {
        return clock;
    }

    /** The client calls run on: the configured (or the shared) client with these timeouts. */
    public OkHttpClient client() {
        return HttpClients.withTimeouts(httpClient != null ? httpClient : HttpClients.shared(), connectTimeout, readTimeout, callTimeout);
    }
}
