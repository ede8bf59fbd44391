package dev.llmops.core.internal.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client llmops builds per JVM. Provider adapters derive their own client from it with
 * {@link OkHttpClient#newBuilder()} (to set timeouts), so every derived client shares its connection pool and
 * dispatcher: connections to a provider are reused across models, and idle ones are closed after five minutes.
 *
 * <p>The pool keeps up to {@value #MAX_IDLE_CONNECTIONS} idle connections and the dispatcher runs up to
 * {@value #MAX_REQUESTS} asynchronous calls at once ({@value #MAX_REQUESTS_PER_HOST} per host), so 64 and more
 * concurrent calls (for example from virtual threads) neither queue nor reconnect.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpClients {
    /** Idle connections kept open for reuse. */
    public static final int MAX_IDLE_CONNECTIONS = 64;
    /** Asynchronous calls the shared dispatcher runs at once. */
    public static final int MAX_REQUESTS = 256;
    /** Asynchronous calls to one host the shared dispatcher runs at once. */
    public static final int MAX_REQUESTS_PER_HOST = 128;

    private HttpClients() {
    }

    /** The shared client, built on first use. Derive from it with {@code newBuilder()}; never close it. */
    public static OkHttpClient shared() {
        return Holder.CLIENT;
    }

    /**
     * {@code base} with these timeouts; a {@code null} timeout keeps the base client's. The result shares the
     * base's connection pool and dispatcher.
     */
    public static OkHttpClient withTimeouts(OkHttpClient base, Duration connect, Duration read, Duration call) {
        if (connect == null && read == null && call == null) {
            return base;
        }
        OkHttpClient.Builder builder = base.newBuilder();
        if (connect != null) {
            builder.connectTimeout(connect);
        }
        if (read != null) {
            builder.readTimeout(read);
            builder.writeTimeout(read);
        }
        if (call != null) {
            builder.callTimeout(call);
        }
        return builder.build();
    }

    private static final class Holder {
        static final OkHttpClient CLIENT = build();

        private static OkHttpClient build() {
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(MAX_REQUESTS);
            dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
            return new OkHttpClient.Builder()
                    .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                    .dispatcher(dispatcher)
                    .connectTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(60))
                    .writeTimeout(Duration.ofSeconds(60))
                    .build();
        }
    }
}
