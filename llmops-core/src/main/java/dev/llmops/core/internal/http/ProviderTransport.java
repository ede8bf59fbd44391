package dev.llmops.core.internal.http;

import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
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
 * Runs a provider's HTTP calls and turns what goes wrong into the {@link ProviderException} family: an
 * error status through the provider's own {@link StatusMapper}, and a transport failure (a timeout, a
 * refused or cut connection) into a {@link ProviderTimeoutException} naming the timeout that fired, or a
 * retryable {@link ProviderUnavailableException} with status 0. Messages never hold the API key.
 *
 * <pre>{@code
 * ProviderTransport transport = new ProviderTransport("anthropic", client, redactor, errors::map);
 * try (Response response = transport.executeOk(client.newCall(request))) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderTransport {
    private static final int MAX_BODY_IN_MESSAGE = 500;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** Maps an HTTP error response (status, headers, body text) to the exception that says who must act. */
    @FunctionalInterface
    public interface StatusMapper {
        ProviderException map(int status, Headers headers, String body);
    }

    private final String provider;
    private final OkHttpClient client;
    private final KeyRedactor redactor;
    private final StatusMapper errors;

    public ProviderTransport(String provider, OkHttpClient client, KeyRedactor redactor, StatusMapper errors) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.client = Objects.requireNonNull(client, "client");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /** The provider's name, as exceptions report it. */
    public String provider() {
        return provider;
    }

    /**
     * A call POSTing the JSON {@code body} to {@code url} with {@code headers}, accepting an event stream when
     * {@code stream}, else JSON.
     */
    public Call newJsonPost(HttpUrl url, Headers headers, byte[] body, boolean stream) {
        Request request = new Request.Builder()
                .url(url)
                .headers(headers)
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .post(RequestBody.create(body, JSON))
                .build();
        return client.newCall(request);
    }

    /** The client the calls run on. */
    public OkHttpClient client() {
        return client;
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

    /** The body of a successful response as text; a failure while reading it becomes a {@link ProviderException}. */
    public String bodyText(Call call, Response response) {
        try {
            return response.body().string();
        } catch (IOException e) {
            throw transportFailure(call, e);
        }
    }

    /** The exception for an I/O failure of {@code call}: a timeout, a refused or cut connection. */
    public ProviderException transportFailure(Call call, IOException e) {
        String where = call.request().url().newBuilder().query(null).build().toString();
        String reason = redactor.scrub(String.valueOf(e.getMessage()));
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

    /** A body for an error message: stripped, {@code (empty body)} when empty, cut at 500 characters. */
    public static String abbreviate(String body) {
        String trimmed = body.strip();
        if (trimmed.isEmpty()) {
            return "(empty body)";
        }
        return trimmed.length() <= MAX_BODY_IN_MESSAGE ? trimmed : trimmed.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }
}
