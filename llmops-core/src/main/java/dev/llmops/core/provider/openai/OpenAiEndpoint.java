package dev.llmops.core.provider.openai;

import dev.llmops.core.internal.http.HttpSettings;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.SettingChecks;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Where and how to reach one OpenAI-compatible server: the URL of each operation (plain base URL or Azure
 * deployment), the authentication and extra headers, the HTTP client, and the mapping of transport
 * failures and error statuses to exceptions. Shared by the chat and embedding models.
 *
 * <p>Immutable and thread-safe.
 */
final class OpenAiEndpoint {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final String provider;
    private final HttpUrl baseUrl;
    private final Azure azure;
    private final Clock clock;
    private final ErrorMapper errors;
    private final ProviderHttp http;
    private final boolean hasKey;

    private OpenAiEndpoint(Settings s) {
        this.hasKey = s.apiKey != null;
        this.azure = s.azure;
        this.baseUrl = s.baseUrl;
        this.provider = s.http.providerNameOr(azure != null ? "azure" : "openai");
        this.clock = s.http.clock();
        Headers.Builder h = new Headers.Builder();
        if (s.apiKey != null) {
            if (azure != null) {
                h.add("api-key", s.apiKey);
            } else {
                h.add("Authorization", "Bearer " + s.apiKey);
            }
        }
        if (s.organization != null) {
            h.add("OpenAI-Organization", s.organization);
        }
        if (s.project != null) {
            h.add("OpenAI-Project", s.project);
        }
        s.headers.forEach(h::set);
        this.errors = new ErrorMapper(provider, clock, s.apiKey);
        this.http = new ProviderHttp(provider, s.http.client(), h.build(), errors::map, errors::scrub,
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

    /** The calls: JSON POSTs with the authentication and extra headers, their failures mapped to exceptions. */
    ProviderHttp http() {
        return http;
    }

    boolean isAzure() {
        return azure != null;
    }

    /** Whether this is OpenAI's own API or Azure OpenAI (which take {@code max_completion_tokens}). */
    boolean isOpenAiOrAzure() {
        return azure != null || baseUrl.host().equals("api.openai.com");
    }

    /** The URL of an operation such as {@code chat/completions} or {@code embeddings}. */
    HttpUrl url(String operation) {
        if (azure != null) {
            return azure.endpoint.newBuilder()
                    .addPathSegment("openai").addPathSegment("deployments").addPathSegment(azure.deployment)
                    .addPathSegments(operation)
                    .addQueryParameter("api-version", azure.apiVersion)
                    .build();
        }
        return baseUrl.newBuilder().addPathSegments(operation).build();
    }

    @Override
    public String toString() {
        return "provider=" + provider + ", url=" + (azure != null ? url("chat/completions").newBuilder().query(null).build() : baseUrl)
                + ", apiKey=" + (hasKey ? "[REDACTED]" : "none");
    }

    /** An Azure OpenAI deployment. */
    record Azure(HttpUrl endpoint, String deployment, String apiVersion) {
    }

    /**
     * The mutable settings behind both builders; each setter validates its input and names the fix.
     *
     * <p>Not thread-safe.
     */
    static final class Settings {
        HttpUrl baseUrl = HttpUrl.get(DEFAULT_BASE_URL);
        Azure azure;
        String apiKey;
        String organization;
        String project;
        final Map<String, String> headers = new LinkedHashMap<>();
        String model;
        final HttpSettings http = new HttpSettings("openai", "openai or vllm");

        void baseUrl(String url) {
            this.baseUrl = SettingChecks.httpUrl("baseUrl", url, "https://api.openai.com/v1 or http://localhost:11434/v1");
        }

        void apiKey(String key) {
            Objects.requireNonNull(key, "apiKey");
            if (key.isBlank()) {
                throw new IllegalArgumentException("apiKey is blank: pass the key (e.g. System.getenv(\"OPENAI_API_KEY\")), "
                        + "or leave apiKey unset for a local server that needs none");
            }
            this.apiKey = key;
        }

        void organization(String organization) {
            this.organization = SettingChecks.notBlank("organization", organization, "pass the organization id (org-...)");
        }

        void project(String project) {
            this.project = SettingChecks.notBlank("project", project, "pass the project id (proj_...)");
        }

        void header(String name, String value) {
            SettingChecks.notBlank("header name", name, "pass a header name such as X-Request-Source");
            Objects.requireNonNull(value, "value");
            new Headers.Builder().add(name, value);
            headers.put(name, value);
        }

        void azure(String endpoint, String deployment, String apiVersion) {
            HttpUrl url = SettingChecks.httpUrl("azure endpoint", endpoint, "https://<resource>.openai.azure.com");
            SettingChecks.notBlank("azure deployment", deployment, "pass the deployment name shown in the Azure portal");
            SettingChecks.notBlank("azure apiVersion", apiVersion, "pass an API version such as 2024-10-21");
            this.azure = new Azure(url, deployment, apiVersion);
        }

        void model(String model) {
            this.model = SettingChecks.notBlank("model", model, "name a model such as gpt-4o-mini");
        }

        OpenAiEndpoint build() {
            return new OpenAiEndpoint(this);
        }
    }
}
