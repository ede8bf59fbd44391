package dev.llmops.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ContentFilteredException;
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

/** How {@link OpenAiChatModel} maps error statuses and transport failures to exceptions. */
class OpenAiChatModelErrorTest {
    @RegisterExtension
    final MockOpenAi server = new MockOpenAi();

    private static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
    }

    private ProviderException failure(MockResponse response) {
        server.enqueue(response);
        return catchFailure();
    }

    private ProviderException failure(int status, String body) {
        server.enqueueJson(status, body);
        return catchFailure();
    }

    private ProviderException catchFailure() {
        try {
            server.chat().build().chat("Hi");
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    private static MockResponse.Builder status429() {
        return new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .body(error("Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3.", "requests",
                        "rate_limit_exceeded"));
    }

    @Test
    void status401IsAuthenticationAndNeverShowsTheKey() {
        ProviderException e = failure(401, error("Incorrect API key provided: " + MockOpenAi.KEY
                + ". You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("HTTP 401")
                .hasMessageContaining("Incorrect API key provided").hasMessageContaining("check the API key");
        assertThat(e.getMessage()).doesNotContain(MockOpenAi.KEY).doesNotContain("abcdefghijklmnop");
        assertThat(e.errorCode()).contains("invalid_api_key");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aMaskedKeyEchoedByTheProviderIsRedactedToo() {
        ProviderException e = failure(401, error("Incorrect API key provided: sk-test-************************************6789.",
                "invalid_request_error", "invalid_api_key"));
        assertThat(e.getMessage()).doesNotContain("sk-test").doesNotContain("6789").contains("[REDACTED]");
    }

    @Test
    void status403IsAuthentication() {
        ProviderException e = failure(403, error("You are not allowed to sample from this model", "invalid_request_error", null));
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining("You are not allowed to sample from this model");
    }

    @Test
    void contextLengthExceededIsItsOwnException() {
        ProviderException e = failure(400, error("This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
                "invalid_request_error", "context_length_exceeded"));
        assertThat(e).isInstanceOf(ContextLengthExceededException.class)
                .hasMessageContaining("maximum context length is 128000 tokens").hasMessageContaining("HTTP 400");
        assertThat(e.isRetryable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void otherClientErrorsAreInvalidRequest(int status) {
        ProviderException e = failure(status, error("The model `gpt-5-turbo` does not exist or you do not have access to it.",
                "invalid_request_error", "model_not_found"));
        assertThat(e).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("HTTP " + status).hasMessageContaining("does not exist");
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aNonJsonErrorBodyIsQuoted() {
        ProviderException e = failure(new MockResponse.Builder().code(404).body("404 page not found").build());
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("404 page not found")
                .hasMessageContaining("base URL");
    }

    @Test
    void aTopLevelErrorMessageIsRead() {
        ProviderException e = failure(400, "{\"object\":\"error\",\"message\":\"max_tokens must be at least 1\",\"type\":\"BadRequestError\",\"code\":400}");
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("max_tokens must be at least 1");
    }

    @Test
    void status429IsRateLimitedAndRetryable() {
        ProviderException e = failure(status429().build());
        assertThat(e).isInstanceOf(RateLimitedException.class).hasMessageContaining("Rate limit reached").hasMessageContaining("HTTP 429");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.errorCode()).contains("rate_limit_exceeded");
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(failure(status429().addHeader("Retry-After", "20").build()).retryAfter()).contains(Duration.ofSeconds(20));
    }

    @Test
    void retryAfterAsAnHttpDateIsRelativeToTheClock() {
        // MockOpenAi.CLOCK stands at 2026-01-01T00:00:00Z.
        assertThat(failure(status429().addHeader("Retry-After", "Thu, 01 Jan 2026 00:00:45 GMT").build()).retryAfter())
                .contains(Duration.ofSeconds(45));
    }

    @Test
    void retryAfterMillisecondsWin() {
        assertThat(failure(status429().addHeader("Retry-After", "2").addHeader("retry-after-ms", "1500").build()).retryAfter())
                .contains(Duration.ofMillis(1500));
    }

    @Test
    void rateLimitResetHeadersAreParsed() {
        RateLimitedException e = (RateLimitedException) failure(status429()
                .addHeader("x-ratelimit-reset-requests", "1h2m3.5s").addHeader("x-ratelimit-reset-tokens", "6m0s").build());
        assertThat(e.resetRequests()).contains(Duration.parse("PT1H2M3.5S"));
        assertThat(e.resetTokens()).contains(Duration.ofMinutes(6));
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.suggestedWait()).contains(Duration.parse("PT1H2M3.5S"));
    }

    @Test
    void shortResetDurationsAreParsed() {
        RateLimitedException e = (RateLimitedException) failure(status429()
                .addHeader("x-ratelimit-reset-requests", "20ms").addHeader("x-ratelimit-reset-tokens", "1s").build());
        assertThat(e.resetRequests()).contains(Duration.ofMillis(20));
        assertThat(e.resetTokens()).contains(Duration.ofSeconds(1));
    }

    @Test
    void insufficientQuotaIsNotRetryable() {
        ProviderException e = failure(429, error("You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota"));
        assertThat(e).isNotInstanceOf(RateLimitedException.class).hasMessageContaining("exceeded your current quota");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.errorCode()).contains("insufficient_quota");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 500, 502, 503, 504, 529})
    void serverSideStatusesAreRetryableUnavailable(int status) {
        if (status == 408) {
            // OkHttp itself repeats a request once after a 408; the second 408 reaches the caller.
            server.enqueueJson(status, error("The server is overloaded or not ready yet.", "server_error", null));
        }
        ProviderException e = failure(status, error("The server is overloaded or not ready yet.", "server_error", null));
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("HTTP " + status)
                .hasMessageContaining("The server is overloaded");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(status);
    }

    @Test
    void unavailableCarriesRetryAfter() {
        assertThat(failure(new MockResponse.Builder().code(503).addHeader("Retry-After", "7").body("").build()).retryAfter())
                .contains(Duration.ofSeconds(7));
    }

    @Test
    void aRefusedConnectionIsRetryableUnavailableWithStatusZero() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1")
                .apiKey(MockOpenAi.KEY).model("gpt-4o-mini").build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e).isNotInstanceOf(ProviderTimeoutException.class);
                    assertThat(e.statusCode()).isZero();
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).doesNotContain(MockOpenAi.KEY);
                })
                .hasMessageContaining("could not be reached");
    }

    @Test
    void aDelayedBodyHitsTheReadTimeout() {
        server.enqueueStalling("application/json", "{\"id\":");
        OpenAiChatModel model = server.chat().readTimeout(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOfSatisfying(ProviderTimeoutException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("read timeout (200 ms)")
                .hasMessageContaining("readTimeout");
    }

    @Test
    void theCallTimeoutIsReportedAsSuch() {
        server.enqueueStalling("application/json", "{\"id\":");
        OpenAiChatModel model = server.chat().callTimeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOf(ProviderTimeoutException.class)
                .hasMessageContaining("call timeout (300 ms)");
    }

    @Test
    void errorsNameTheConfiguredProvider() {
        server.enqueueJson(500, error("boom", "server_error", null));
        assertThatThrownBy(() -> server.chat().providerName("vllm").build().chat("Hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.provider()).isEqualTo("vllm"))
                .hasMessageStartingWith("vllm returned HTTP 500");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422, 429, 500, 503, 529})
    void noErrorMessageEverHoldsTheKey(int status) {
        ProviderException e = failure(status, error("Request with key " + MockOpenAi.KEY + " failed (Bearer " + MockOpenAi.KEY + ")",
                "invalid_request_error", null));
        assertThat(e.getMessage()).doesNotContain(MockOpenAi.KEY).contains("[REDACTED]");
        assertThat(e.toString()).doesNotContain(MockOpenAi.KEY);
    }

    @Test
    void azurePromptFilterIsContentFiltered() {
        ProviderException e = failure(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's "
                + "content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,"
                + "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{\"hate\":{\"filtered\":true,\"severity\":\"high\"}}}}}");
        assertThat(e).isInstanceOf(ContentFilteredException.class).hasMessageContaining("content management policy");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aShortKeyIsRedactedToo() {
        server.enqueueJson(401, error("Key x9z!q is not valid", "invalid_request_error", "invalid_api_key"));
        assertThatThrownBy(() -> server.chat().apiKey("x9z!q").build().chat("Hi"))
                .isInstanceOf(AuthenticationException.class)
                .message().doesNotContain("x9z!q").contains("[REDACTED]");
    }
}
