package dev.llmops.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.testing.ScriptedChatModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceTest {
    private static final ChatRequest REQUEST = ChatRequest.of("hi").withOptions(ChatOptions.of("primary-model"));

    private final FakeTime time = new FakeTime();
    private final ContextCapture capture = new ContextCapture();

    private Resilience.Builder stack(ChatModel primary, ChatModel backup, int failureThreshold, long requestsPerMinute) {
        return Resilience.builder(primary)
                .fallback(Fallback.builder().to(backup, "backup-model").build())
                .retry(Retry.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(100)).seed(1)
                        .clock(time).sleeper(time).build())
                .circuitBreaker(CircuitBreaker.builder("primary").failureThreshold(failureThreshold).clock(time).build())
                .rateLimiter(RateLimiter.builder().requestsPerMinute(requestsPerMinute).maxWait(Duration.ofMinutes(2))
                        .clock(time).sleeper(time).build());
    }

    private ChatModel observed(Resilience.Builder stack, ChatModel primary) {
        ChatPipeline.Builder pipeline = ChatPipeline.builder(primary).listener(capture);
        stack.interceptors().forEach(pipeline::interceptor);
        return pipeline.build();
    }

    private static ProviderUnavailableException unavailable() {
        return new ProviderUnavailableException("primary", 503, null, null, "overloaded", null);
    }

    @Test
    void ordersTheStackFallbackRetryBreakerLimiterModel() {
        ScriptedChatModel primary = ScriptedChatModel.builder().build();

        ChatPipeline pipeline = stack(primary, ScriptedChatModel.builder().build(), 5, 100).build();

        assertThat(pipeline).hasToString(
                "ChatPipeline[fallback -> retry -> circuitBreaker(primary) -> rateLimiter -> scripted]");
    }

    @Test
    void aRateLimitedPrimaryIsRetriedAfterItsRetryAfterAndAnswers() {
        ScriptedChatModel primary = ScriptedChatModel.builder()
                .fail(new RateLimitedException("primary", "rate_limit_exceeded", Duration.ofSeconds(2), null, null,
                        "slow down"))
                .reply("from primary").build();
        ScriptedChatModel backup = ScriptedChatModel.builder().build();
        Resilience.Builder stack = stack(primary, backup, 5, 100);

        ChatResponse response = observed(stack, primary).chat(REQUEST);

        assertThat(response.text()).isEqualTo("from primary");
        assertThat(response.model()).isEqualTo("primary-model");
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(2));
        assertThat(capture.attribute(Retry.RETRY_COUNT, Long.class)).isEqualTo(1L);
        assertThat(capture.last().get(Fallback.USED, String.class)).isEmpty();
        assertThat(backup.callCount()).isZero();
    }

    @Test
    void aStreamRefusedWithA429IsRetriedThroughTheWholeStack() {
        ScriptedChatModel primary = ScriptedChatModel.builder()
                .fail(new RateLimitedException("primary", null, Duration.ofSeconds(3), null, null, "slow down"))
                .streamReply("Hel", "lo").build();
        CircuitBreaker breaker = CircuitBreaker.builder("primary").failureThreshold(2).clock(time).build();
        ChatModel model = observed(stack(primary, ScriptedChatModel.builder().build(), 2, 100).circuitBreaker(breaker),
                primary);

        String answer = model.stream(REQUEST).collect().text();

        assertThat(answer).isEqualTo("Hello");
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(3));
        assertThat(capture.attribute(Retry.RETRY_COUNT, Long.class)).isEqualTo(1L);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theRateLimiterGatesEveryRetryAttempt() {
        ScriptedChatModel primary = ScriptedChatModel.builder()
                .fail(new RateLimitedException("primary", null, Duration.ofSeconds(1), null, null, "slow down"))
                .reply("ok").build();

        observed(stack(primary, ScriptedChatModel.builder().build(), 5, 1), primary).chat(REQUEST);

        // the retry waits 1 s as asked; the second attempt then waits 59 s more for the 1-per-minute budget
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(59));
    }

    @Test
    void anOpeningCircuitStopsTheRetriesAndTheFallbackAnswers() {
        ScriptedChatModel primary = ScriptedChatModel.builder()
                .fail(unavailable()).fail(unavailable()).reply("never").build();
        ScriptedChatModel backup = ScriptedChatModel.builder().reply("from backup").build();

        ChatResponse response = observed(stack(primary, backup, 2, 100), primary).chat(REQUEST);

        // attempt 1 fails, attempt 2 fails and opens the circuit, attempt 3 is refused and not retried
        assertThat(response.text()).isEqualTo("from backup");
        assertThat(response.model()).isEqualTo("backup-model");
        assertThat(primary.callCount()).isEqualTo(2);
        assertThat(time.waits()).hasSize(2);
        assertThat(capture.attribute(Retry.RETRY_COUNT, Long.class)).isEqualTo(2L);
        assertThat(capture.attribute(Fallback.USED, String.class)).isEqualTo("backup-model");
    }

    @Test
    void defaultsRetryAndBreakTheCircuitNamedForTheProvider() {
        ChatPipeline pipeline = Resilience.defaults(ScriptedChatModel.builder().build(), "openai");

        assertThat(pipeline).hasToString("ChatPipeline[retry -> circuitBreaker(openai) -> scripted]");
    }
}
