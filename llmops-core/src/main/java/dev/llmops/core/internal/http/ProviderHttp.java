package dev.llmops.core.internal.http;

import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one provider adapter that posts JSON: builds the calls with the adapter's headers, runs
 * them, turns an error status into the adapter's exception (through its {@link StatusMapper}) and a transport
 * failure (timeout, refused or cut connection) into a {@link ProviderTimeoutException} naming the timeout that
 * fired, or a retryable {@link ProviderUnavailableException} with status 0. Messages never hold the API key.
 * Request and response bodies are logged at TRACE, through {@link ChatLogging}.
 *
 * <pre>{@code
 * ProviderHttp http = new ProviderHttp("anthropic", client, headers, errors::map, redactor::scrub,
 *         UnreachableMessage.checkBaseUrl("anthropic"));
 * ProviderHttp.Exchange answer = http.exchange(url, body, clock);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderHttp {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String ACCEPT_JSON = "application/json";

    /** Maps an HTTP error response (status, headers, body text) to the exception that says who must act. */
    @FunctionalInterface
    public interface StatusMapper {
        ProviderException map(int status, Headers headers, String body);
    }

    /** Words the message of a refused or unreachable connection: {@code where} is the URL without its query. */
    @FunctionalInterface
    public interface UnreachableMessage {
        String describe(String where, String failure);

        /** The message for a hosted API or a server with no advice of its own: check the base URL and the server. */
        static UnreachableMessage checkBaseUrl(String provider) {
            return (where, failure) -> provider + " could not be reached at " + where + ": " + failure
                    + "; check the base URL and that the server is running, then retry";
        }
    }

    private final String provider;
    private final OkHttpClient client;
    private final Headers headers;
    private final Headers jsonHeaders;
    private final StatusMapper errors;
    private final UnaryOperator<String> scrub;
    private final UnreachableMessage unreachable;

    /**
     * @param provider    the provider's name, e.g. {@code ollama}
     * @param client      the client calls run on (timeouts already set)
     * @param headers     headers sent with every call (authentication included)
     * @param errors      maps error statuses to exceptions
     * @param scrub       removes secrets from text that reaches an exception message
     * @param unreachable words the message when the server cannot be reached
     */
    public ProviderHttp(String provider, OkHttpClient client, Headers headers, StatusMapper errors,
            UnaryOperator<String> scrub, UnreachableMessage unreachable) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.client = Objects.requireNonNull(client, "client");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.jsonHeaders = headers.newBuilder().set("Accept", ACCEPT_JSON).build();
        this.errors = Objects.requireNonNull(errors, "errors");
        this.scrub = Objects.requireNonNull(scrub, "scrub");
        this.unreachable = Objects.requireNonNull(unreachable, "unreachable");
    }

    public String provider() {
        return provider;
    }

    public OkHttpClient client() {
        return client;
    }

    /** A POST of {@code body} (JSON) to {@code url}, accepting {@code accept}. */
    public Call post(HttpUrl url, byte[] body, String accept) {
        Headers sent = ACCEPT_JSON.equals(accept) ? jsonHeaders : headers.newBuilder().set("Accept", accept).build();
        Request request = new Request.Builder()
                .url(url)
                .headers(sent)
                .post(RequestBody.create(body, JSON))
                .build();
        return client.newCall(request);
    }

    /**
     * A whole JSON answer: its status, body bytes and the time from sending to the last byte. The text is decoded
     * (as UTF-8, the encoding JSON requires) only when asked for, since a reader that parses the bytes needs it
     * only for an error message.
     *
     * <p>Thread-safe; {@link #bytes()} must not be modified.
     */
    public static final class Exchange {
        private final int status;
        private final byte[] bytes;
        private final Duration latency;
        private volatile String text;

        Exchange(int status, byte[] bytes, Duration latency) {
            this.status = status;
            this.bytes = bytes;
            this.latency = latency;
        }

        public int status() {
            return status;
        }

        /** The body as received. Not copied: read it, never change it. */
        public byte[] bytes() {
            return bytes;
        }

        /** The body as text, decoded once. */
        public String body() {
            String decoded = text;
            if (decoded == null) {
                decoded = new String(bytes, StandardCharsets.UTF_8);
                text = decoded;
            }
            return decoded;
        }

        public Duration latency() {
            return latency;
        }
    }

    /** A started streaming call: the call (to cancel), the successful response, and when it was sent. Not thread-safe. */
    public record Opened(Call call, Response response, Instant start) {
    }

    /**
     * POSTs {@code body} to {@code url} and reads the whole successful answer; an error status or a transport
     * failure is thrown as the mapped {@link ProviderException}. Bodies are logged at TRACE.
     */
    public Exchange exchange(HttpUrl url, byte[] body, Clock clock) {
        ChatLogging.requestBody(LOG, provider, body);
        Call call = post(url, body, ACCEPT_JSON);
        Instant start = clock.instant();
        try (Response response = executeOk(call)) {
            byte[] bytes = bodyBytes(call, response);
            ChatLogging.responseBody(LOG, provider, bytes);
            return new Exchange(response.code(), bytes, since(start, clock));
        }
    }

    /**
     * POSTs {@code body} to {@code url} accepting {@code accept} and returns as soon as a successful status
     * arrives, leaving the body to be streamed; an error status is thrown as the mapped exception.
     */
    public Opened open(HttpUrl url, byte[] body, String accept, Clock clock) {
        ChatLogging.requestBody(LOG, provider, body);
        Call call = post(url, body, accept);
        Instant start = clock.instant();
        return new Opened(call, executeOk(call), start);
    }

    /** The time since {@code start} by {@code clock}, never negative. */
    public static Duration since(Instant start, Clock clock) {
        Duration latency = Duration.between(start, clock.instant());
        return latency.isNegative() ? Duration.ZERO : latency;
    }

    /** Executes {@code call}; a transport failure becomes a {@link ProviderException}. */
    public Response execute(Call call) {
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
    public Response executeOk(Call call) {
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

    private byte[] bodyBytes(Call call, Response response) {
        try {
            return response.body().bytes();
        } catch (IOException e) {
            throw transportFailure(call, e);
        }
    }

    /** The exception for an I/O failure of {@code call}: a timeout, a refused or cut connection. */
    public ProviderException transportFailure(Call call, IOException e) {
        String where = call.request().url().newBuilder().query(null).build().toString();
        String reason = scrub.apply(String.valueOf(e.getMessage()));
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
        return new ProviderUnavailableException(provider, 0, null, null,
                unreachable.describe(where, e.getClass().getSimpleName() + ": " + reason), e);
    }
}
