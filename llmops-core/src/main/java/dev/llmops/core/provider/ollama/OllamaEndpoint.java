package dev.llmops.core.provider.ollama;

import dev.llmops.core.internal.http.SettingChecks;
import dev.llmops.core.internal.http.HttpSettings;
import dev.llmops.core.internal.http.KeyRedactor;
import dev.llmops.core.internal.http.ProviderHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Where and how to reach one Ollama server: the base URL (read like {@code OLLAMA_HOST}), the HTTP client,
 * the clock, {@code keep_alive}, and the mapping of failures to exceptions. Shared by the chat and embedding
 * models.
 *
 * <p>Immutable and thread-safe.
 */
final class OllamaEndpoint {
    static final String DEFAULT_BASE_URL = "http://localhost:11434";
    static final int DEFAULT_PORT = 11434;

    private final HttpUrl baseUrl;
    private final Clock clock;
    private final Duration keepAlive;
    private final ProviderHttp http;

    private OllamaEndpoint(Settings s) {
        this.baseUrl = s.baseUrl;
        this.clock = s.http.clock();
        this.keepAlive = s.keepAlive;
        String provider = s.http.providerName();
        OkHttpClient client = s.http.client();
        OllamaErrors errors = new OllamaErrors(provider, clock);
        String root = baseUrl.toString();
        this.http = new ProviderHttp(provider, client, new Headers.Builder().build(), errors::map,
                new KeyRedactor(null)::scrub,
                (where, failure) -> provider + " could not be reached at " + where + " (" + failure
                        + "): Ollama does not seem to be running at " + root
                        + "; start it with 'ollama serve', or point baseUrl (OLLAMA_HOST) at the server, then retry");
    }

    ProviderHttp http() {
        return http;
    }

    String provider() {
        return http.provider();
    }

    Clock clock() {
        return clock;
    }

    /** The {@code keep_alive} to send, or {@code null} for the server's default. */
    Duration keepAlive() {
        return keepAlive;
    }

    /** The URL of an operation such as {@code api/chat}. */
    HttpUrl url(String operation) {
        return baseUrl.newBuilder().addPathSegments(operation).build();
    }

    @Override
    public String toString() {
        return "provider=" + http.provider() + ", url=" + baseUrl;
    }

    /** {@code keep_alive} as Ollama reads it: a Go duration text such as {@code 300s} or {@code 1500ms}. */
    static String keepAliveText(Duration keepAlive) {
        return keepAlive.toNanosPart() % 1_000_000_000 == 0 ? keepAlive.toSeconds() + "s" : keepAlive.toMillis() + "ms";
    }

    /**
     * Reads a base URL the way Ollama reads {@code OLLAMA_HOST}: the scheme defaults to {@code http}, the
     * host to {@code 127.0.0.1}, the port to 11434 for {@code http} (443 for {@code https}); a path is kept.
     * So {@code localhost}, {@code 0.0.0.0:11434}, {@code :8080}, {@code http://gpu-box:11434} and
     * {@code https://ollama.example.com/proxy} are all accepted.
     */
    static HttpUrl parseHost(String value) {
        SettingChecks.notBlank("baseUrl", value, "pass the Ollama server, e.g. http://localhost:11434 or gpu-box:11434");
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        boolean hasScheme = lower.startsWith("http://") || lower.startsWith("https://");
        if (!hasScheme && lower.contains("://")) {
            throw new IllegalArgumentException("baseUrl '" + value + "' has a scheme other than http or https: "
                    + "pass a URL such as http://localhost:11434");
        }
        String withScheme = hasScheme ? v : "http://" + (v.startsWith(":") ? "127.0.0.1" + v : v);
        boolean https = withScheme.regionMatches(true, 0, "https://", 0, 8);
        String authority = withScheme.substring(https ? 8 : 7);
        int slash = authority.indexOf('/');
        String hostPort = slash == -1 ? authority : authority.substring(0, slash);
        boolean hasPort = hostPort.startsWith("[") ? hostPort.contains("]:") : hostPort.contains(":");
        if (hostPort.equals("0.0.0.0") || hostPort.startsWith("0.0.0.0:")) {
            // A listen address, not one to connect to: Ollama's own client connects to loopback instead.
            withScheme = withScheme.replaceFirst("0\\.0\\.0\\.0", "127.0.0.1");
        }
        HttpUrl url = HttpUrl.parse(withScheme);
        if (url == null || hostPort.isEmpty()) {
            throw new IllegalArgumentException("baseUrl '" + value + "' is not a host or URL Ollama can be reached at: "
                    + "pass e.g. http://localhost:11434, gpu-box:11434 or https://ollama.example.com");
        }
        if (!hasPort && !https) {
            url = url.newBuilder().port(DEFAULT_PORT).build();
        }
        return url;
    }

    /**
     * The mutable settings behind both builders; each setter validates its input and names the fix.
     *
     * <p>Not thread-safe.
     */
    static final class Settings {
        HttpUrl baseUrl = HttpUrl.get(DEFAULT_BASE_URL);
        String model;
        Duration keepAlive;
        final HttpSettings http = new HttpSettings("ollama");

        void baseUrl(String url) {
            this.baseUrl = parseHost(url);
        }

        void model(String model) {
            this.model = SettingChecks.notBlank("model", model, "name a model pulled on the server, such as llama3.2");
        }

        void keepAlive(Duration keepAlive) {
            Objects.requireNonNull(keepAlive, "keepAlive");
            if (keepAlive.isNegative()) {
                throw new IllegalArgumentException("keepAlive " + keepAlive + " is negative: pass how long the server "
                        + "keeps the model loaded after a call (Duration.ZERO unloads it at once)");
            }
            this.keepAlive = keepAlive;
        }

        OllamaEndpoint build() {
            return new OllamaEndpoint(this);
        }
    }
}
