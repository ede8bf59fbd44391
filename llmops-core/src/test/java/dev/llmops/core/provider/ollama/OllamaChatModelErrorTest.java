package dev.llmops.core.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ContextLengthExceededException;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link OllamaChatModel} maps error statuses and transport failures to exceptions. */
class OllamaChatModelErrorTest {
    @RegisterExtension
    final MockOllama server = new MockOllama();

    private ProviderException failure(int status, String body) {
        server.enqueueJson(status, body);
        return catchFailure(server.chat().build());
    }

    private static ProviderException catchFailure(OllamaChatModel model) {
        try {
            model.chat("Hi");
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void aModelThatIsNotPulledSaysOllamaPull() {
        ProviderException e = failure(404, "{\"error\":\"model \\\"llama3.2\\\" not found, try pulling it first\"}");
        assertThat(e).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("not found, try pulling it first")
                .hasMessageContaining("ollama pull llama3.2");
        assertThat(e.errorCode()).contains("model_not_found");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aSingleQuotedModelNameIsRecognisedToo() {
        assertThat(failure(404, "{\"error\":\"model 'phi4:14b' not found\"}")).hasMessageContaining("ollama pull phi4:14b");
    }

    @Test
    void aPlain404PointsAtTheBaseUrl() {
        server.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());
        ProviderException e = catchFailure(server.chat().build());
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("404 page not found")
                .hasMessageContaining("check the base URL");
        assertThat(e.getMessage()).doesNotContain("ollama pull");
    }

    @Test
    void status400IsInvalidRequest() {
        ProviderException e = failure(400, "{\"error\":\"invalid format: expected \\\"json\\\" or a JSON schema\"}");
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("invalid format");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aContextLengthErrorIsItsOwnException() {
        ProviderException e = failure(400, "{\"error\":\"the input length exceeds the context length\"}");
        assertThat(e).isInstanceOf(ContextLengthExceededException.class).hasMessageContaining("num_ctx");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void serverErrorsAreRetryableUnavailable(int status) {
        ProviderException e = failure(status, "{\"error\":\"model requires more system memory (5.6 GiB) than is available (3.1 GiB)\"}");
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("HTTP " + status)
                .hasMessageContaining("more system memory");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(status);
    }

    @Test
    void status401BehindAProxyIsAuthentication() {
        assertThat(failure(401, "{\"error\":\"unauthorized\"}")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void status429IsRateLimitedWithRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "12")
                .body("{\"error\":\"too many requests\"}").build());
        ProviderException e = catchFailure(server.chat().build());
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void aRefusedConnectionSaysOllamaIsNotRunning() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        OllamaChatModel model = OllamaChatModel.builder().baseUrl("127.0.0.1:" + closedPort).model("llama3.2").build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e).isNotInstanceOf(ProviderTimeoutException.class);
                    assertThat(e.statusCode()).isZero();
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessageContaining("Ollama does not seem to be running at http://127.0.0.1:" + closedPort)
                .hasMessageContaining("ollama serve");
    }

    @Test
    void aDelayedBodyHitsTheReadTimeout() {
        server.enqueueStalling("application/json", "{\"model\":");
        assertThatThrownBy(() -> server.chat().readTimeout(Duration.ofMillis(200)).build().chat("Hi"))
                .isInstanceOfSatisfying(ProviderTimeoutException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("read timeout (200 ms)");
    }

    @Test
    void theCallTimeoutIsReportedAsSuch() {
        server.enqueueStalling("application/json", "{\"model\":");
        assertThatThrownBy(() -> server.chat().callTimeout(Duration.ofMillis(300)).build().chat("Hi"))
                .isInstanceOf(ProviderTimeoutException.class).hasMessageContaining("call timeout (300 ms)");
    }

    @Test
    void errorsNameTheConfiguredProvider() {
        server.enqueueJson(500, "{\"error\":\"boom\"}");
        assertThatThrownBy(() -> server.chat().providerName("gpu-box").build().chat("Hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.provider()).isEqualTo("gpu-box"))
                .hasMessageStartingWith("gpu-box returned HTTP 500");
    }
}
