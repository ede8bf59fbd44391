package dev.llmops.core.provider.gemini;

import dev.llmops.core.internal.http.SettingChecks;
import dev.llmops.core.internal.http.HttpSettings;
import dev.llmops.core.internal.http.KeyRedactor;
import dev.llmops.core.internal.http.ProviderHttp;
import java.time.Clock;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Where and how to reach the Gemini API: the base URL, the key (sent as {@code x-goog-api-key}, never in the
 * URL, so it never reaches access logs or exception messages), the HTTP client, the clock, and the mapping of
 * failures to exceptions. Shared by the chat and embedding models.
 *
 * <p>Immutable and thread-safe.
 */
final class GeminiEndpoint {
    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    private final HttpUrl baseUrl;
    private final Clock clock;
    private final GeminiErrors errors;
    private final ProviderHttp http;

    private GeminiEndpoint(Settings s) {
        if (s.apiKey == null) {
            throw new IllegalArgumentException("no API key for " + s.http.providerName() + ": set one with "
                    + ".apiKey(System.getenv(\"GEMINI_API_KEY\")) (create a key at https://aistudio.google.com/apikey)");
        }
        this.baseUrl = s.baseUrl;
        this.clock = s.http.clock();
        String provider = s.http.providerName();
        KeyRedactor redactor = new KeyRedactor(s.apiKey);
        this.errors = new GeminiErrors(provider, clock, redactor::scrub);
        this.http = new ProviderHttp(provider, s.http.client(), new Headers.Builder().add("x-goog-api-key", s.apiKey).build(),
                errors::map, redactor::scrub,
                (where, failure) -> provider + " could not be reached at " + where + " (" + failure
                        + "); check the network, a proxy, and the base URL, then retry");
    }

    ProviderHttp http() {
        return http;
    }

    GeminiErrors errors() {
        return errors;
    }

    String provider() {
        return http.provider();
    }

    Clock clock() {
        return clock;
    }

    /** The URL of {@code models/{model}:{method}}, e.g. {@code generateContent}; {@code sse} adds {@code alt=sse}. */
    HttpUrl url(String model, String method, boolean sse) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegment("models").addPathSegment(model + ":" + method);
        if (sse) {
            url.addQueryParameter("alt", "sse");
        }
        return url.build();
    }

    /** The model id without a {@code models/} prefix. */
    static String bareModel(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    @Override
    public String toString() {
        return "provider=" + http.provider() + ", url=" + baseUrl + ", apiKey=[REDACTED]";
    }

    /**
     * The mutable settings behind both builders; each setter validates its input and names the fix.
     *
     * <p>Not thread-safe.
     */
    static final class Settings {
        HttpUrl baseUrl = HttpUrl.get(DEFAULT_BASE_URL);
        String apiKey;
        String model;
        final HttpSettings http = new HttpSettings("gemini");

        void baseUrl(String url) {
            this.baseUrl = SettingChecks.httpUrl("baseUrl", url, DEFAULT_BASE_URL);
        }

        void apiKey(String key) {
            Objects.requireNonNull(key, "apiKey");
            if (key.isBlank()) {
                throw new IllegalArgumentException("apiKey is blank: pass the key, e.g. System.getenv(\"GEMINI_API_KEY\")");
            }
            this.apiKey = key.strip();
        }

        void model(String model) {
            SettingChecks.notBlank("model", model, "name a model such as gemini-2.5-flash");
            String bare = bareModel(model.strip());
            if (bare.isEmpty() || bare.contains("/") || bare.contains(":")) {
                throw new IllegalArgumentException("model '" + model + "' is not a Gemini model id: pass e.g. gemini-2.5-flash "
                        + "(or models/gemini-2.5-flash)");
            }
            this.model = bare;
        }

        GeminiEndpoint build() {
            return new GeminiEndpoint(this);
        }
    }
}
