package dev.llmops.core.provider.gemini;

import static dev.llmops.core.provider.gemini.MockGemini.KEY;
import static dev.llmops.core.provider.gemini.MockGemini.error;
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

/** How {@link GeminiChatModel} maps Google error bodies, statuses and transport failures to exceptions. */
class GeminiChatModelErrorTest {
    private static final String QUOTA_DETAILS = "[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":"
            + "[{\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_free_tier_requests\","
            + "\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\",\"quotaValue\":\"10\"}]},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.Help\",\"links\":[{\"description\":\"Learn more\","
            + "\"url\":\"https://ai.google.dev/gemini-api/docs/rate-limits\"}]},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"31s\"}]";

    @RegisterExtension
    final MockGemini server = new MockGemini();

    private ProviderException failure(int status, String body) {
        server.enqueueJson(status, body);
        return catchFailure();
    }

    private ProviderException failure(MockResponse response) {
        server.enqueue(response);
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

    @Test
    void anInvalidKeyIsAuthenticationAndNeverShowsTheKey() {
        ProviderException e = failure(400, error(400, "API key not valid. Please pass a valid API key. (" + KEY + ")", "INVALID_ARGUMENT",
                "[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
                        + "\"domain\":\"googleapis.com\",\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}]"));
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("API key not valid")
                .hasMessageContaining("check the API key");
        assertThat(e.getMessage()).doesNotContain(KEY);
        assertThat(e.errorCode()).contains("INVALID_ARGUMENT");
        assertThat(e.isRetryable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void status401And403AreAuthentication(int status) {
        ProviderException e = failure(status, error(status, "Method doesn't allow unregistered callers (callers without "
                + "established identity). Please use API Key or other form of API consumer identity to call this API.",
                status == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED", null));
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("HTTP " + status);
    }

    @Test
    void aTokenLimitMessageIsContextLengthExceeded() {
        ProviderException e = failure(400, error(400, "The input token count (1245337) exceeds the maximum number of tokens allowed (1048575).",
                "INVALID_ARGUMENT", null));
        assertThat(e).isInstanceOf(ContextLengthExceededException.class).hasMessageContaining("1048575");
        assertThat(e.errorCode()).contains("INVALID_ARGUMENT");
    }

    @Test
    void otherInvalidArgumentsAreInvalidRequest() {
        ProviderException e = failure(400, error(400, "* GenerateContentRequest.contents: contents is not specified", "INVALID_ARGUMENT", null));
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("contents is not specified")
                .hasMessageContaining("HTTP 400 (INVALID_ARGUMENT)");
    }

    @Test
    void failedPreconditionIsInvalidRequest() {
        assertThat(failure(400, error(400, "User location is not supported for the API use.", "FAILED_PRECONDITION", null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("User location is not supported");
    }

    @Test
    void anUnknownModelIsInvalidRequestNamingTheModelId() {
        ProviderException e = failure(404, error(404, "models/gemini-9 is not found for API version v1beta, or is not supported for "
                + "generateContent. Call ListModels to see the list of available models and their supported methods.", "NOT_FOUND", null));
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("is not found for API version v1beta")
                .hasMessageContaining("check the model id");
        assertThat(e.errorCode()).contains("NOT_FOUND");
    }

    @Test
    void resourceExhaustedIsRateLimitedWithTheRetryInfoDelay() {
        ProviderException e = failure(429, error(429, "You exceeded your current quota, please check your plan and billing details.",
                "RESOURCE_EXHAUSTED", QUOTA_DETAILS));
        assertThat(e).isInstanceOf(RateLimitedException.class).hasMessageContaining("exceeded your current quota")
                .hasMessageContaining("retry after PT31S");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(31));
        assertThat(((RateLimitedException) e).suggestedWait()).contains(Duration.ofSeconds(31));
        assertThat(e.errorCode()).contains("RESOURCE_EXHAUSTED");
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void aFractionalRetryDelayIsRead() {
        ProviderException e = failure(429, error(429, "Quota exceeded", "RESOURCE_EXHAUSTED",
                "[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]"));
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterHeaderIsUsedWhenThereIsNoRetryInfo() {
        ProviderException e = failure(new MockResponse.Builder().code(429).addHeader("Retry-After", "20")
                .body(error(429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED", null)).build());
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 504})
    void serverErrorsAreRetryableUnavailable(int status) {
        String googleStatus = status == 500 ? "INTERNAL" : status == 503 ? "UNAVAILABLE" : "DEADLINE_EXCEEDED";
        ProviderException e = failure(status, error(status, "The model is overloaded. Please try again later.", googleStatus, null));
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("HTTP " + status)
                .hasMessageContaining("overloaded");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.errorCode()).contains(googleStatus);
    }

    @Test
    void aNonJsonErrorBodyIsQuoted() {
        ProviderException e = failure(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("<html>Bad Gateway</html>");
    }

    @Test
    void anErrorWrappedInAnArrayIsRead() {
        assertThat(failure(400, "[" + error(400, "Invalid JSON payload received.", "INVALID_ARGUMENT", null) + "]"))
                .hasMessageContaining("Invalid JSON payload received.");
    }

    @Test
    void aRefusedConnectionIsRetryableAndHoldsNoKey() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        GeminiChatModel model = GeminiChatModel.builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1beta").apiKey(KEY)
                .model("gemini-2.5-flash").build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e).isNotInstanceOf(ProviderTimeoutException.class);
                    assertThat(e.statusCode()).isZero();
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).doesNotContain(KEY);
                })
                .hasMessageContaining("could not be reached");
    }

    @Test
    void aDelayedBodyHitsTheReadTimeout() {
        server.enqueueStalling("application/json", "{\"candidates\":");
        assertThatThrownBy(() -> server.chat().readTimeout(Duration.ofMillis(200)).build().chat("Hi"))
                .isInstanceOf(ProviderTimeoutException.class).hasMessageContaining("read timeout (200 ms)");
    }

    @Test
    void theCallTimeoutIsReportedAsSuch() {
        server.enqueueStalling("application/json", "{\"candidates\":");
        assertThatThrownBy(() -> server.chat().callTimeout(Duration.ofMillis(300)).build().chat("Hi"))
                .isInstanceOf(ProviderTimeoutException.class).hasMessageContaining("call timeout (300 ms)");
    }
}
