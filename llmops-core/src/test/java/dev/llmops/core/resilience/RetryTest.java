package dev.llmops.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AuthenticationException;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatStream;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetryTest {
    private final FakeTime time = new FakeTime();
    private final ContextCapture capture = new ContextCapture();

    private Retry.Builder retry() {
        return Retry.builder().clock(time).sleeper(time).seed(7).initialBackoff(Duration.ofMillis(100));
    }

    private ChatModel pipeline(ChatModel model, Retry retry) {
        return ChatPipeline.builder(model).interceptor(retry).listener(capture).build();
    }

    private static ProviderUnavailableException unavailable(int status) {
        return new ProviderUnavailableException("test", status, null, null, "status " + status, null);
    }

    private static RateLimitedException rateLimited(Duration retryAfter, Duration resetTokens) {
        return new RateLimitedException("test", "rate_limit_exceeded", retryAfter, null, resetTokens, "slow down");
    }

    @Test
    void waitsExactlyTheRetryAfterTheProviderAskedFor() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(rateLimited(Duration.ofSeconds(7), null)).reply("ok").build();

        String answer = pipeline(model, retry().build()).chat("hi").text();

        assertThat(answer).isEqualTo("ok");
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void waitsTheRateLimitResetWhenNoRetryAfterWasSent() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(rateLimited(null, Duration.ofMillis(1500))).reply("ok").build();

        pipeline(model, retry().build()).chat("hi");

        assertThat(time.waits()).containsExactly(Duration.ofMillis(1500));
    }

    @Test
    void fullJitterDrawsEachWaitUniformlyUpToTheGrowingCap() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(unavailable(500)).fail(unavailable(502)).fail(unavailable(503)).fail(unavailable(504))
                .reply("ok").build();
        Retry retry = retry().maxAttempts(5).initialBackoff(Duration.ofSeconds(1)).multiplier(2)
                .maxBackoff(Duration.ofSeconds(3)).seed(42).build();

        pipeline(model, retry).chat("hi");

        Random expected = new Random(42);
        List<Duration> caps = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(3));
        List<Duration> expectedWaits = new ArrayList<>();
        for (Duration cap : caps) {
            expectedWaits.add(Duration.ofMillis(expected.nextLong(cap.toMillis() + 1)));
        }
        assertThat(time.waits()).containsExactlyElementsOf(expectedWaits);
        for (int i = 0; i < caps.size(); i++) {
            assertThat(time.waits().get(i)).isBetween(Duration.ZERO, caps.get(i));
        }
    }

    @Test
    void stopsAtMaxAttemptsAndThrowsTheLastError() {
        ProviderUnavailableException last = unavailable(503);
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(unavailable(500)).fail(unavailable(502)).fail(last).reply("never").build();

        assertThatThrownBy(() -> pipeline(model, retry().maxAttempts(3).build()).chat("hi")).isSameAs(last);

        assertThat(model.callCount()).isEqualTo(3);
        assertThat(capture.attribute(Retry.RETRY_COUNT, Long.class)).isEqualTo(2L);
    }

    @Test
    void recordsZeroRetriesWhenTheFirstAttemptSucceeds() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();

        pipeline(model, retry().build()).chat("hi");

        assertThat(capture.attribute(Retry.RETRY_COUNT, Long.class)).isZero();
        assertThat(time.waits()).isEmpty();
    }

    @Test
    void failsAtOnceWithTheLastErrorWhenTheAskedWaitWouldPassTheDeadline() {
        RateLimitedException limited = rateLimited(Duration.ofSeconds(20), null);
        ScriptedChatModel model = ScriptedChatModel.builder().fail(limited).reply("never").build();

        assertThatThrownBy(() -> pipeline(model, retry().deadline(Duration.ofSeconds(10)).build()).chat("hi"))
                .isSameAs(limited);

        assertThat(model.callCount()).isEqualTo(1);
        assertThat(time.waits()).isEmpty();
    }

    @Test
    void countsTheTimeSpentInAttemptsAgainstTheDeadline() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .latency(Duration.ofSeconds(3)).sleeper(time::advance)
                .fail(rateLimited(Duration.ofSeconds(4), null))
                .fail(rateLimited(Duration.ofSeconds(4), null))
                .reply("never").build();
        Retry retry = retry().maxAttempts(5).deadline(Duration.ofSeconds(12)).build();

        assertThatThrownBy(() -> pipeline(model, retry).chat("hi")).isInstanceOf(RateLimitedException.class);

        // attempt 1 ends at 3s, wait 4s, attempt 2 ends at 10s; a second 4s wait would end at 14s > 12s
        assertThat(model.callCount()).isEqualTo(2);
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(4));
    }

    static List<RuntimeException> retryableErrors() {
        return List.of(
                new ProviderTimeoutException("test", "read timeout of PT30S fired", null),
                new ProviderUnavailableException("test", 0, null, null, "connection refused", null),
                new ProviderUnavailableException("test", 408, null, null, "request timeout", null),
                new ProviderUnavailableException("test", 409, null, null, "conflict", null),
                new ProviderUnavailableException("test", 529, "overloaded_error", null, "overloaded", null),
                new RateLimitedException("test", null, null, null, null, "429 without headers"));
    }

    @ParameterizedTest
    @MethodSource("retryableErrors")
    void retriesEveryRetryableProviderError(RuntimeException error) {
        ScriptedChatModel model = ScriptedChatModel.builder().fail(error).reply("ok").build();

        assertThat(pipeline(model, retry().build()).chat("hi").text()).isEqualTo("ok");

        assertThat(model.callCount()).isEqualTo(2);
    }

    static List<RuntimeException> errorsNeverRetried() {
        return List.of(
                new InvalidRequestException("test", 400, "invalid_request_error", "bad"),
                new AuthenticationException("test", 401, "invalid_api_key", "bad key"),
                new IllegalStateException("not a provider error"),
                new CircuitOpenException("test", Duration.ofSeconds(5), "open"));
    }

    @ParameterizedTest
    @MethodSource("errorsNeverRetried")
    void doesNotRetryANonRetryableOrNonProviderErrorOrAnOpenCircuit(RuntimeException error) {
        ScriptedChatModel model = ScriptedChatModel.builder().fail(error).reply("never").build();

        assertThatThrownBy(() -> pipeline(model, retry().build()).chat("hi")).isSameAs(error);

        assertThat(model.callCount()).isEqualTo(1);
        assertThat(time.waits()).isEmpty();
    }

    @Test
    void stopsRetryingAndKeepsTheInterruptFlagWhenInterruptedWhileWaiting() {
        ProviderUnavailableException first = unavailable(503);
        ScriptedChatModel model = ScriptedChatModel.builder().fail(first).reply("never").build();
        Retry retry = retry().sleeper(duration -> {
            throw new InterruptedException("stop");
        }).build();

        try {
            assertThatThrownBy(() -> pipeline(model, retry).chat("hi")).isSameAs(first);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(model.callCount()).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void doesNotRetryWhenTheFailedAttemptLeftTheThreadInterrupted() {
        ProviderUnavailableException interrupted = unavailable(0);
        AtomicInteger calls = new AtomicInteger();
        ChatModel model = request -> {
            calls.incrementAndGet();
            Thread.currentThread().interrupt();
            throw interrupted;
        };

        try {
            assertThatThrownBy(() -> pipeline(model, retry().build()).chat("hi")).isSameAs(interrupted);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(time.waits()).isEmpty();
        } finally {
            Thread.interrupted();
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void retriesAStreamThatFailsOnOpeningOrBeforeItsFirstEvent() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(unavailable(503))
                .streamFailure(List.of(), unavailable(502))
                .streamReply("Hel", "lo").build();

        String answer = pipeline(model, retry().maxAttempts(3).build()).stream(ChatRequest.of("hi")).collect().text();

        assertThat(answer).isEqualTo("Hello");
        assertThat(model.callCount()).isEqualTo(3);
        assertThat(capture.attribute(Retry.RETRY_COUNT, Long.class)).isEqualTo(2L);
    }

    @Test
    void doesNotRetryAStreamAfterItsFirstEventAndTheCallerKeepsTheDeltas() {
        ProviderUnavailableException cut = unavailable(502);
        ScriptedChatModel model = ScriptedChatModel.builder()
                .streamFailure(List.of("Hel", "lo"), cut).streamReply("never").build();
        List<StreamEvent> received = new ArrayList<>();

        try (ChatStream stream = pipeline(model, retry().build()).stream(ChatRequest.of("hi"))) {
            Iterator<StreamEvent> events = stream.iterator();
            assertThatThrownBy(() -> events.forEachRemaining(received::add)).isSameAs(cut);
        }

        assertThat(received).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void rejectsFewerThanOneAttempt() {
        assertThatThrownBy(() -> Retry.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts 0 is less than 1");
    }

    @Test
    void rejectsAMaxBackoffBelowTheInitialBackoff() {
        assertThatThrownBy(() -> Retry.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoff PT1S is less than initialBackoff PT2S");
    }
}
