package dev.llmops.core.provider.openai;

import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.internal.http.HttpClients;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Where and how to reach one OpenAI-compatible server: the URL of each operation (plain base URL or Azure
 * deployment), the authentication and extra headers, the HTTP client, and the mapping of transport
 * failures and error statuses to exceptions. Shared by the chat and embedding models.
 *
 * <p>Immutable and thread-safe.
 */
final class OpenAiEndpoint {
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final String provider;
    private final HttpUrl baseUrl;
    private final Azure azure;
    private final Headers headers;
    private final OkHttpClient client;
    private final Clock clock;
    private final ErrorMapper errors;
    private final boolean hasKey;

    private OpenAiEndpoint(Settings s) {
        this.hasKey = s.apiKey != null;
        this.azure = s.azure;
        this.baseUrl = s.baseUrl;
        this.provider = s.providerName != null ? s.providerName : (azure != null ? "azure" : "openai");
        this.clock = s.clock;
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
        this.headers = h.build();
        this.client = HttpClients.withTimeouts(s.httpClient != null ? s.httpClient : HttpClients.shared(),
                s.connectTimeout, s.readTimeout, s.callTimeout);
        this.errors = new ErrorMapper(provider, clock, s.apiKey);
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

    /** A POST of {@code body} (JSON) to {@code url} with the authentication and extra headers. */
    Call newCall(HttpUrl url, byte[] body, boolean stream) {
        Request request = new Request.Builder()
                .url(url)
                .headers(headers)
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .post(RequestBody.create(body, JSON))
                .build();
        return client.newCall(request);
    }

    /** Executes {@code call}; a transport failure becomes a {@link ProviderException}. */
    Response execute(Call call) {
        try {
            return call.execute();
        } catch (IOException e) {
            throw transportFailure(call, e);
        }
    }

    /**
     * Executes {@code call} and returns the successful response; an error status becomes the mapped
     * {@link ProviderException} (the response is closed).
     */
    Response executeOk(Call call) {
        Response response = execute(call);
        if (response.isSuccessful()) {
            return response;
        }
        try (response) {
            String body;
            try {
                body = response.body().string();
            } catch (IOException e) {
                body = "";
            }
            throw errors.map(response.code(), response.headers(), body);
        }
    }

    /**
     * POSTs {@code body} to {@code url} and reads the whole successful response; an error status or a transport
     * failure becomes the mapped {@link ProviderException}.
     */
    Exchange post(HttpUrl url, byte[] body) {
        Call call = newCall(url, body, false);
        try (Response response = executeOk(call)) {
            try {
                return new Exchange(response.code(), response.body().string());
            } catch (IOException e) {
                throw transportFailure(call, e);
            }
        }
    }

    /** A successful response: its status and body text. */
    record Exchange(int status, String body) {
    }

    /** The exception for an I/O failure of {@code call}: a timeout, a refused or cut connection. */
    ProviderException transportFailure(Call call, IOException e) {
        String where = call.request().url().newBuilder().query(null).build().toString();
        String reason = errors.scrub(String.valueOf(e.getMessage()));
        if (e instanceof SocketTimeoutException) {
            boolean connect = reason.toLowerCase(Locale.ROOT).contains("connect");
            String which = connect ? "connect timeout (" + client.connectTimeoutMillis() + " ms)"
                    : "read timeout (" + client.readTimeoutMillis() + " ms)";
            return new ProviderTimeoutException(provider, provider + " call to " + where + " timed out: the " + which
                    + " elapsed; retry, or raise " + (connect ? "connectTimeout" : "readTimeout") + " on the builder", e);
        }
        if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            return new ProviderTimeoutException(provider, provider + " call to " + where + " timed out: the call timeout ("
                    + client.callTimeoutMillis() + " ms) elapsed; retry, or raise callTimeout on the builder", e);
        }
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
        }
        return new ProviderUnavailableException(provider, 0, null, null, provider + " could not be reached at " + where
                + ": " + e.getClass().getSimpleName() + ": " + reason
                + "; check the base URL and that the server is running, then retry", e);
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
        Duration connectTimeout;
        Duration readTimeout;
        Duration callTimeout;
        OkHttpClient httpClient;
        String providerName;
        Clock clock = Clock.systemUTC();

        void baseUrl(String url) {
            this.baseUrl = httpUrl("baseUrl", url, "https://api.openai.com/v1 or http://localhost:11434/v1");
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
            this.organization = notBlank("organization", organization, "pass the organization id (org-...)");
        }

        void project(String project) {
            this.project = notBlank("project", project, "pass the project id (proj_...)");
        }

        void header(String name, String value) {
            notBlank("header name", name, "pass a header name such as X-Request-Source");
            Objects.requireNonNull(value, "value");
            new Headers.Builder().add(name, value);
            headers.put(name, value);
        }

        void azure(String endpoint, String deployment, String apiVersion) {
            HttpUrl url = httpUrl("azure endpoint", endpoint, "https://<resource>.openai.azure.com");
            notBlank("azure deployment", deployment, "pass the deployment name shown in the Azure portal");
            notBlank("azure apiVersion", apiVersion, "pass an API version such as 2024-10-21");
            this.azure = new Azure(url, deployment, apiVersion);
        }

        void model(String model) {
            this.model = notBlank("model", model, "name a model such as gpt-4o-mini");
        }

        void providerName(String name) {
            this.providerName = notBlank("providerName", name, "pass a short name such as openai or vllm");
        }

        void clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        void httpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
        }

        static Duration timeout(String name, Duration timeout) {
            Objects.requireNonNull(timeout, name);
            if (timeout.isNegative()) {
                throw new IllegalArgumentException(name + " " + timeout + " is negative: pass a positive duration, "
                        + "or Duration.ZERO for no timeout");
            }
            return timeout;
        }

        OpenAiEndpoint build() {
            return new OpenAiEndpoint(this);
        }

        private static String notBlank(String name, String value, String fix) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " is blank: " + fix);
            }
            return value;
        }

        private static HttpUrl httpUrl(String name, String value, String example) {
            notBlank(name, value, "pass a URL such as " + example);
            HttpUrl url = HttpUrl.parse(value.strip());
            if (url == null) {
                throw new IllegalArgumentException(name + " '" + value + "' is not an http(s) URL: pass a URL such as " + example);
            }
            return url;
        }
    }
}
