package dev.llmops.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.Usage;
import dev.llmops.core.resilience.CircuitBreaker.State;
import dev.llmops.core.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final FakeTime time = new FakeTime();
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    private CircuitBreaker breaker(int threshold) {
        return CircuitBreaker.builder("test").failureThreshold(threshold).openDuration(Duration.ofSeconds(30))
                .clock(time).listener((circuit, from, to) -> transitions.add(circuit + ":" + from + "->" + to))
                .build();
    }

    private static ChatModel pipeline(ChatModel model, CircuitBreaker breaker) {
        return ChatPipeline.builder(model).interceptor(breaker).build();
    }

    private static ProviderUnavailableException unavailable() {
        return new ProviderUnavailableException("test", 503, null, null, "overloaded", null);
    }

    private static void failTimes(ChatModel model, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(ProviderUnavailableException.class);
        }
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveRetryableFailures() {
        CircuitBreaker breaker = breaker(3);
        ChatModel model = pipeline(ScriptedChatModel.builder()
                .fail(unavailable()).fail(unavailable()).fail(unavailable()).build(), breaker);

        failTimes(model, 2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThatThrownBy(() -> model.chat("hi")).isNotInstanceOf(CircuitOpenException.class);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("test:CLOSED->OPEN");
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        CircuitBreaker breaker = breaker(3);
        ChatModel model = pipeline(ScriptedChatModel.builder()
                .fail(unavailable()).fail(unavailable()).reply("ok").fail(unavailable()).fail(unavailable()).build(),
                breaker);

        failTimes(model, 2);
        model.chat("hi");
        failTimes(model, 2);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void nonRetryableErrorsDoNotCountAsFailures() {
        CircuitBreaker breaker = breaker(2);
        InvalidRequestException invalid = new InvalidRequestException("test", 400, null, "bad");
        ChatModel model = pipeline(ScriptedChatModel.builder().fail(invalid).fail(invalid).fail(invalid).build(), breaker);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> model.chat("hi")).isSameAs(invalid);
        }

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void anOpenCircuitRefusesWithoutCallingTheModelAndSaysHowLongItStaysOpen() {
        CircuitBreaker breaker = breaker(1);
        ScriptedChatModel scripted = ScriptedChatModel.builder().fail(unavailable()).reply("never").build();
        ChatModel model = pipeline(scripted, breaker);
        failTimes(model, 1);
        time.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> model.chat("hi"))
                .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                    assertThat(e.circuit()).isEqualTo("test");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessageContaining("circuit 'test' is open");

        assertThat(scripted.callCount()).isEqualTo(1);
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughWhileOthersAreRefused() throws Exception {
        CircuitBreaker breaker = breaker(1);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch probeEntered = new CountDownLatch(1);
        CountDownLatch releaseProbe = new CountDownLatch(1);
        ChatModel blocking = request -> {
            if (calls.incrementAndGet() == 1) {
                throw unavailable();
            }
            probeEntered.countDown();
            try {
                // a safety bound only: the test releases the probe as soon as the second call was refused
                assertThat(releaseProbe.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return new ChatResponse(AssistantMessage.of("probe ok"), Usage.ZERO, FinishReason.STOP, "m", "test",
                    Duration.ZERO, "r");
        };
        ChatModel model = pipeline(blocking, breaker);
        failTimes(model, 1);
        time.advance(Duration.ofSeconds(30));

        CompletableFuture<ChatResponse> probe = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                probe.complete(model.chat("probe"));
            } catch (Throwable e) {
                probe.completeExceptionally(e);
            }
        });
        assertThat(probeEntered.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> model.chat("second")).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("probe call is in flight");
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        releaseProbe.countDown();

        assertThat(probe.get(10, TimeUnit.SECONDS).text()).isEqualTo("probe ok");
        assertThat(calls).hasValue(2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(transitions).containsExactly("test:CLOSED->OPEN", "test:OPEN->HALF_OPEN", "test:HALF_OPEN->CLOSED");
    }

    @Test
    void aSuccessfulProbeClosesTheCircuit() {
        CircuitBreaker breaker = breaker(1);
        ChatModel model = pipeline(ScriptedChatModel.builder().fail(unavailable()).reply("ok").reply("again").build(),
                breaker);
        failTimes(model, 1);
        time.advance(Duration.ofSeconds(30));

        assertThat(model.chat("probe").text()).isEqualTo("ok");
        assertThat(model.chat("next").text()).isEqualTo("again");

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aFailedProbeReopensTheCircuitForAnotherOpenDuration() {
        CircuitBreaker breaker = breaker(1);
        ScriptedChatModel scripted = ScriptedChatModel.builder().fail(unavailable()).fail(unavailable()).reply("ok").build();
        ChatModel model = pipeline(scripted, breaker);
        failTimes(model, 1);
        time.advance(Duration.ofSeconds(30));

        failTimes(model, 1);
        time.advance(Duration.ofSeconds(29));

        assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(CircuitOpenException.class);
        assertThat(scripted.callCount()).isEqualTo(2);
        assertThat(transitions).containsExactly("test:CLOSED->OPEN", "test:OPEN->HALF_OPEN", "test:HALF_OPEN->OPEN");
    }

    @Test
    void aStreamFailingMidwayCountsAsAFailure() {
        CircuitBreaker breaker = breaker(1);
        ChatModel model = pipeline(ScriptedChatModel.builder().streamFailure(List.of("Hel"), unavailable()).build(),
                breaker);

        assertThatThrownBy(() -> model.stream(ChatRequest.of("hi")).collect())
                .isInstanceOf(ProviderUnavailableException.class);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheCall() {
        CircuitBreaker breaker = CircuitBreaker.builder("test").failureThreshold(1).clock(time)
                .listener((circuit, from, to) -> {
                    throw new IllegalStateException("listener bug");
                }).build();
        ChatModel model = pipeline(ScriptedChatModel.builder().fail(unavailable()).build(), breaker);

        failTimes(model, 1);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void rejectsAThresholdBelowOne() {
        assertThatThrownBy(() -> CircuitBreaker.builder("openai").failureThreshold(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureThreshold 0 is less than 1");
    }
}
