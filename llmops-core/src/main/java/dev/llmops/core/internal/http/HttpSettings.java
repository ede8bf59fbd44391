package dev.llmops.core.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The HTTP settings every provider builder shares: timeouts, the base OkHttp client, the provider name and
 * the clock. Each setter checks its input and names the fix.
 *
 * <p>Not thread-safe.
 */
public final class HttpSettings {
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private OkHttpClient httpClient;
    private String providerName;
    private Clock clock = Clock.systemUTC();

    /** Settings for a provider named {@code providerName} by default. */
    public HttpSettings(String providerName) {
        this.providerName = Objects.requireNonNull(providerName, "providerName");
    }

    public void connectTimeout(Duration timeout) {
        this.connectTimeout = BuilderChecks.timeout("connectTimeout", timeout);
    }

    public void readTimeout(Duration timeout) {
        this.readTimeout = BuilderChecks.timeout("readTimeout", timeout);
    }

    public void callTimeout(Duration timeout) {
        this.callTimeout = BuilderChecks.timeout("callTimeout", timeout);
    }

    public void httpClient(OkHttpClient client) {
        this.httpClient = Objects.requireNonNull(client, "httpClient");
    }

    public void providerName(String name) {
        this.providerName = BuilderChecks.notBlank("providerName", name, "pass a short name such as " + providerName);
    }

    public void clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String providerName() {
        return providerName;
    }

    public Clock clock() {
        return clock;
    }

    /** The client calls run on: the configured (or the shared) client with these timeouts. */
    public OkHttpClient client() {
        return HttpClients.withTimeouts(httpClient != null ? httpClient : HttpClients.shared(), connectTimeout, readTimeout, callTimeout);
    }
}
