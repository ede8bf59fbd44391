package dev.llmops.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class HttpClientsTest {
    @Test
    void theSharedClientIsBuiltOnce() {
        assertThat(HttpClients.shared()).isSameAs(HttpClients.shared());
    }

    @Test
    void theSharedDispatcherRunsManyCallsAtOnce() {
        assertThat(HttpClients.shared().dispatcher().getMaxRequests()).isGreaterThanOrEqualTo(64);
        assertThat(HttpClients.shared().dispatcher().getMaxRequestsPerHost()).isGreaterThanOrEqualTo(64);
    }

    @Test
    void derivedClientsShareThePoolAndDispatcher() {
        OkHttpClient derived = HttpClients.withTimeouts(HttpClients.shared(), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3));
        assertThat(derived).isNotSameAs(HttpClients.shared());
        assertThat(derived.connectionPool()).isSameAs(HttpClients.shared().connectionPool());
        assertThat(derived.dispatcher()).isSameAs(HttpClients.shared().dispatcher());
        assertThat(derived.connectTimeoutMillis()).isEqualTo(1000);
        assertThat(derived.readTimeoutMillis()).isEqualTo(2000);
        assertThat(derived.callTimeoutMillis()).isEqualTo(3000);
    }

    @Test
    void noTimeoutsKeepTheBaseClient() {
        assertThat(HttpClients.withTimeouts(HttpClients.shared(), null, null, null)).isSameAs(HttpClients.shared());
    }
}
