package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.provider.anthropic.MockAnthropic.error;
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

/** How {@link AnthropicChatModel} maps error statuses and transport failures to exceptions. */
class AnthropicChatModelErrorTest {
    @RegisterExtension
    final MockAnthropic server = new MockAnthropic();

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
                .body(error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"));
    }

    @Test
    void status401IsAuthenticationAndNeverShowsTheKey() {
        ProviderException e = failure(401, error("authentication_error", "invalid x-api-key: " + MockAnthropic.KEY));
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("HTTP 401")
                .hasMessageContaining("invalid x-api-key").hasMessageContaining("ANTHROPIC_API_KEY");
        assertThat(e.getMessage()).doesNotContain(MockAnthropic.KEY).doesNotContain("abcdefghijklmnop").contains("[REDACTED]");
        assertThat(e.errorCode()).contains("authentication_error");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void theRequestIdIsInTheMessage() {
        assertThat(failure(401, error("authentication_error", "invalid x-api-key")))
                .hasMessageContaining("req_011CSHoEeqs5C35K2UUqR7Fy");
    }

    @Test
    void theRequestIdHeaderIsUsedWhenTheBodyHasNone() {
        ProviderException e = failure(new MockResponse.Builder().code(500).addHeader("request-id", "req_018EeWyXxfu5pfWkrYcMdjWG")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}").build());
        assertThat(e).hasMessageContaining("req_018EeWyXxfu5pfWkrYcMdjWG");
    }

    @Test
    void status403IsAuthentication() {
        ProviderException e = failure(403, error("permission_error", "Your API key does not have permission to use the specified resource."));
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("HTTP 403 (permission_error)")
                .hasMessageContaining("does not have permission");
        assertThat(e.errorCode()).contains("permission_error");
    }

    @Test
    void aPromptTooLongIsContextLengthExceeded() {
        ProviderException e = failure(400, error("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"));
        assertThat(e).isInstanceOf(ContextLengthExceededException.class)
                .hasMessageContaining("208310 tokens > 200000 maximum").hasMessageContaining("HTTP 400");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.errorCode()).contains("invalid_request_error");
    }

    @Test
    void inputPlusMaxTokensOverTheContextLimitIsContextLengthExceeded() {
        ProviderException e = failure(400, error("invalid_request_error",
                "input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length or `max_tokens` and try again"));
        assertThat(e).isInstanceOf(ContextLengthExceededException.class).hasMessageContaining("lower maxTokens");
    }

    @Test
    void otherInvalidRequestsAreInvalidRequest() {
        ProviderException e = failure(400, error("invalid_request_error", "messages: roles must alternate between \"user\" and \"assistant\""));
        assertThat(e).isInstanceOf(InvalidRequestException.class).isNotInstanceOf(ContextLengthExceededException.class)
                .hasMessageContaining("roles must alternate");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void status404IsInvalidRequestNamingTheModelAndBaseUrl() {
        ProviderException e = failure(404, error("not_found_error", "model: claude-5-turbo"));
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("HTTP 404 (not_found_error)")
                .hasMessageContaining("model: claude-5-turbo").hasMessageContaining("base URL");
        assertThat(e.statusCode()).isEqualTo(404);
    }

    @Test
    void status413IsInvalidRequestAboutTheSize() {
        ProviderException e = failure(413, error("request_too_large", "Request exceeds the maximum allowed number of bytes."));
        assertThat(e).isInstanceOf(InvalidRequestException.class).isNotInstanceOf(ContextLengthExceededException.class)
                .hasMessageContaining("32 MB").hasMessageContaining("images");
        assertThat(e.errorCode()).contains("request_too_large");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void status413WithAnHtmlBodyFromTheProxyIsStillInvalidRequest() {
        ProviderException e = failure(new MockResponse.Builder().code(413)
                .body("<html><head><title>413 Request Entity Too Large</title></head></html>").build());
        assertThat(e).isInstanceOf(InvalidRequestException.class).hasMessageContaining("413 Request Entity Too Large");
        assertThat(e.errorCode()).contains("request_too_large");
    }

    @Test
    void status402BillingIsNotRetryable() {
        ProviderException e = failure(402, error("billing_error", "Your credit balance is too low to access the Anthropic API."));
        assertThat(e.getClass()).isEqualTo(ProviderException.class);
        assertThat(e).hasMessageContaining("credit balance is too low").hasMessageContaining("retrying will not help");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void status429IsRateLimitedAndRetryable() {
        ProviderException e = failure(status429().build());
        assertThat(e).isInstanceOf(RateLimitedException.class).hasMessageContaining("per-minute rate limit")
                .hasMessageContaining("HTTP 429");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.errorCode()).contains("rate_limit_error");
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(failure(status429().addHeader("retry-after", "20").build()).retryAfter()).contains(Duration.ofSeconds(20));
    }

    @Test
    void resetTimestampsAreWaitsFromTheClock() {
        // MockAnthropic.CLOCK stands at 2026-01-01T00:00:00Z.
        RateLimitedException e = (RateLimitedException) failure(status429()
                .addHeader("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z")
                .addHeader("anthropic-ratelimit-tokens-reset", "2026-01-01T00:01:02.5Z").build());
        assertThat(e.resetRequests()).contains(Duration.ofSeconds(30));
        assertThat(e.resetTokens()).contains(Duration.ofMillis(62_500));
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.suggestedWait()).contains(Duration.ofMillis(62_500));
    }

    @Test
    void resetTimestampsWithAnOffsetAreRead() {
        RateLimitedException e = (RateLimitedException) failure(status429()
                .addHeader("anthropic-ratelimit-requests-reset", "2026-01-01T01:00:10+01:00").build());
        assertThat(e.resetRequests()).contains(Duration.ofSeconds(10));
    }

    @Test
    void theLaterOfTheInputAndOutputTokenResetsStandsForTheTokensWhenNoTotalIsSent() {
        RateLimitedException e = (RateLimitedException) failure(status429()
                .addHeader("anthropic-ratelimit-input-tokens-reset", "2026-01-01T00:00:05Z")
                .addHeader("anthropic-ratelimit-output-tokens-reset", "2026-01-01T00:00:45Z").build());
        assertThat(e.resetTokens()).contains(Duration.ofSeconds(45));
    }

    @Test
    void aResetInThePastIsZeroAndAnUnreadableOneIsAbsent() {
        RateLimitedException e = (RateLimitedException) failure(status429()
                .addHeader("anthropic-ratelimit-requests-reset", "2025-12-31T23:59:00Z")
                .addHeader("anthropic-ratelimit-tokens-reset", "soon").build());
        assertThat(e.resetRequests()).contains(Duration.ZERO);
        assertThat(e.resetTokens()).isEmpty();
    }

    @Test
    void retryAfterWinsAsTheSuggestedWait() {
        RateLimitedException e = (RateLimitedException) failure(status429().addHeader("retry-after", "3")
                .addHeader("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:30Z").build());
        assertThat(e.suggestedWait()).contains(Duration.ofSeconds(3));
        assertThat(e).hasMessageContaining("retry after PT3S");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 529})
    void serverSideStatusesAreRetryableUnavailable(int status) {
        String type = status == 529 ? "overloaded_error" : "api_error";
        ProviderException e = failure(status, error(type, status == 529 ? "Overloaded" : "Internal server error"));
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("HTTP " + status + " (" + type + ")");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.errorCode()).contains(type);
    }

    @Test
    void unavailableCarriesRetryAfter() {
        assertThat(failure(new MockResponse.Builder().code(529).addHeader("retry-after", "7")
                .body(error("overloaded_error", "Overloaded")).build()).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aNonJsonErrorBodyIsQuoted() {
        ProviderException e = failure(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("<html>Bad Gateway</html>");
    }

    @Test
    void anEmptyErrorBodyIsNamed() {
        assertThat(failure(new MockResponse.Builder().code(500).body("").build())).hasMessageContaining("(empty body)");
    }

    @Test
    void aRefusedConnectionIsRetryableUnavailableWithStatusZero() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        AnthropicChatModel model = AnthropicChatModel.builder().baseUrl("http://127.0.0.1:" + closedPort)
                .apiKey(MockAnthropic.KEY).model(MockAnthropic.MODEL).build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e).isNotInstanceOf(ProviderTimeoutException.class);
                    assertThat(e.statusCode()).isZero();
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).doesNotContain(MockAnthropic.KEY);
                })
                .hasMessageContaining("could not be reached");
    }

    @Test
    void aDelayedBodyHitsTheReadTimeout() {
        server.enqueueStalling("application/json", "{\"id\":");
        AnthropicChatModel model = server.chat().readTimeout(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOfSatisfying(ProviderTimeoutException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("read timeout (200 ms)")
                .hasMessageContaining("readTimeout");
    }

    @Test
    void theCallTimeoutIsReportedAsSuch() {
        server.enqueueStalling("application/json", "{\"id\":");
        AnthropicChatModel model = server.chat().callTimeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOf(ProviderTimeoutException.class)
                .hasMessageContaining("call timeout (300 ms)");
    }

    @Test
    void errorsNameTheConfiguredProvider() {
        server.enqueueJson(500, error("api_error", "boom"));
        assertThatThrownBy(() -> server.chat().providerName("claude-gateway").build().chat("Hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.provider()).isEqualTo("claude-gateway"))
                .hasMessageStartingWith("claude-gateway returned HTTP 500");
    }

    @Test
    void anErrorEventThatEchoesTheKeyIsRedacted() {
        server.enqueueSse(MockAnthropic.messageStart(5) + MockAnthropic.event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded for " + MockAnthropic.KEY + "\"}}"));
        assertThatThrownBy(() -> server.chat().build().stream(dev.llmops.core.ChatRequest.of("Hi")).collect())
                .isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(MockAnthropic.KEY).contains("[REDACTED]"));
    }
}
