package dev.llmops.core.provider.anthropic;

import dev.llmops.core.internal.http.KeyRedactor;
import dev.llmops.core.internal.http.ProviderHttp;
import java.time.Clock;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Where and how to reach the Messages API: the {@code /v1/messages} URL, the {@code x-api-key},
 * {@code anthropic-version} and extra headers, the HTTP client, and the mapping of failures to exceptions.
 *
 * <p>Immutable and thread-safe.
 */
final class AnthropicEndpoint {
    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    static final String DEFAULT_VERSION = "2023-06-01";

    private final String provider;
    private final HttpUrl messagesUrl;
    private final Clock clock;
    private final ErrorMapper errors;
    private final ProviderHttp http;
    private final boolean hasKey;

    AnthropicEndpoint(String provider, HttpUrl baseUrl, String apiKey, String version, Map<String, String> extraHeaders,
            OkHttpClient client, Clock clock) {
        this.provider = provider;
        this.messagesUrl = baseUrl.newBuilder().addPathSegments("v1/messages").build();
        this.clock = clock;
        this.hasKey = apiKey != null;
        Headers.Builder h = new Headers.Builder();
        if (apiKey != null) {
            h.add("x-api-key", apiKey);
        }
        h.add("anthropic-version", version);
        extraHeaders.forEach(h::set);
        KeyRedactor redactor = new KeyRedactor(apiKey);
        this.errors = new ErrorMapper(provider, clock, redactor);
        this.http = new ProviderHttp(provider, client, h.build(), errors::map, redactor::scrub,
                ProviderHttp.UnreachableMessage.checkBaseUrl(provider));
    }

    String provider() {
        return provider;
    }

    Clock clock() {
        return clock;
    }

    ErrorMapper errors() {
        return errors;
    }

    /** The calls: JSON POSTs with the key, version and extra headers, their failures mapped to exceptions. */
    ProviderHttp http() {
        return http;
    }

    /** The {@code /v1/messages} URL. */
    HttpUrl messagesUrl() {
        return messagesUrl;
    }

    @Override
    public String toString() {
        return "provider=" + provider + ", url=" + messagesUrl + ", apiKey=" + (hasKey ? "[REDACTED]" : "none");
    }
}
