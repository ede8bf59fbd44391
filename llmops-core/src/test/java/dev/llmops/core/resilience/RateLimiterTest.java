package dev.llmops.core.resilience;

import java.time.Instant;
import dev.llmops.core.TokenEstimator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Message;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import dev.llmops.core.resilience.RateLimitExceededException.Limit;
import dev.llmops.core.testing.ScriptedChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final FakeTime time = new FakeTime();
    private final ContextCapture capture = new ContextCapture();
    private final ScriptedChatModel model = ScriptedChatModel.builder()
            .responder(request -> new ChatResponse(AssistantMessage.of("ok"), Usage.of(10, 10), FinishReason.STOP,
                    "m", "test", Duration.ZERO, "r"))
            .build();

    private RateLimiter.Builder limiter() {
        return RateLimiter.builder().clock(time).sleeper(time).maxWait(Duration.ofMinutes(5));
    }

    private ChatModel pipeline(RateLimiter limiter) {
        return ChatPipeline.builder(model).interceptor(limiter).listener(capture).build();
    }

    private static ChatRequest request(String model) {
        return ChatRequest.of("hi").withOptions(ChatOptions.of(model));
    }

    @Test
    void theEleventhCallOfTenPerMinuteWaitsUntilOneRequestRefills() {
        ChatModel limited = pipeline(limiter().requestsPerMinute(10).build());

        for (int i = 0; i < 10; i++) {
            limited.chat(request("m"));
        }
        assertThat(time.waits()).isEmpty();

        limited.chat(request("m"));
        limited.chat(request("m"));

        assertThat(time.waits()).containsExactly(Duration.ofSeconds(6), Duration.ofSeconds(6));
        assertThat(capture.attribute(RateLimiter.WAITED, Duration.class)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aSlidingWindowMakesTheEleventhCallOfTenPerMinuteWaitForTheFirstToLeaveTheWindow() {
        ChatModel limited = pipeline(limiter().requestsPerMinute(10).slidingWindow(true).build());

        for (int i = 0; i < 10; i++) {
            limited.chat(request("m"));
            time.advance(Duration.ofSeconds(1));
        }
        limited.chat(request("m"));
        limited.chat(request("m"));

        // first grants at 0 s and 1 s; now is 10 s: the 11th waits until 60 s, the 12th until 61 s
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(50), Duration.ofSeconds(1));
    }

    @Test
    void aSlidingWindowNeverGrantsMoreThanTheLimitInAnyMinute() {
        RateLimiter limiter = limiter().requestsPerMinute(7).tokensPerMinute(400).slidingWindow(true).build();
        ChatModel limited = pipeline(limiter);
        List<Instant> grants = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            time.advance(Duration.ofMillis(random.nextInt(20_000)));
            limited.chat(ChatRequest.of("x".repeat(random.nextInt(200))).withOptions(ChatOptions.of("m")));
            grants.add(time.instant());
        }

        for (Instant start : grants) {
            long inWindow = grants.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(60))).count();
            assertThat(inWindow).as("grants in the minute from %s", start).isLessThanOrEqualTo(7);
        }
        assertThat(limiter.toString()).contains("sliding window");
    }

    @Test
    void aTokenBucketCanGrantTwiceItsLimitWithinOneMinuteWhichTheSlidingWindowPrevents() {
        ChatModel bucket = pipeline(limiter().requestsPerMinute(10).build());
        for (int i = 0; i < 20; i++) {
            bucket.chat(request("m"));
        }
        // a burst of 10, then 10 more refilled over 60 s: 20 grants within [0 s, 60 s]
        assertThat(time.waits().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aModelIdleForAMinuteHasItsWholeRequestBudgetAgain() {
        ChatModel limited = pipeline(limiter().requestsPerMinute(3).build());
        for (int i = 0; i < 3; i++) {
            limited.chat(request("m"));
        }

        time.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            limited.chat(request("m"));
        }

        assertThat(time.waits()).isEmpty();
    }

    @Test
    void eachModelHasItsOwnBudget() {
        ChatModel limited = pipeline(limiter().requestsPerMinute(1).build());

        limited.chat(request("a"));
        limited.chat(request("b"));
        limited.chat(ChatRequest.of("no model named"));

        assertThat(time.waits()).isEmpty();
    }

    @Test
    void aModelWithItsOwnLimitUsesItInsteadOfTheDefault() {
        ChatModel limited = pipeline(limiter().requestsPerMinute(100).limit("small", 2, 1000).build());

        for (int i = 0; i < 3; i++) {
            limited.chat(request("small"));
            limited.chat(request("big"));
        }

        assertThat(time.waits()).containsExactly(Duration.ofSeconds(30));
    }

    /** {@code model} behind a budget of 100 tokens per minute that estimates every request at 50 tokens. */
    private ChatModel hundredTokensPerMinuteEstimatingFifty(ScriptedChatModel model) {
        return ChatPipeline.builder(model)
                .interceptor(limiter().tokensPerMinute(100).tokenEstimator(request -> 50).build()).build();
    }

    /** A model answering once per usage given, reporting that usage. */
    private static ScriptedChatModel reporting(Usage... usages) {
        ScriptedChatModel.Builder script = ScriptedChatModel.builder();
        for (Usage usage : usages) {
            script.reply("ok").withUsage(usage);
        }
        return script.build();
    }

    @Test
    void aCallWaitsUntilTheTokenBudgetHoldsItsEstimate() {
        ChatModel limited = hundredTokensPerMinuteEstimatingFifty(
                reporting(Usage.of(40, 10), Usage.of(40, 10), Usage.of(40, 10)));

        limited.chat(request("m"));
        limited.chat(request("m"));
        limited.chat(request("m"));

        // 100 tokens/min: the third call needs 50 more tokens, which take 30 s to refill
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void refundsTheDifferenceWhenTheReportedUsageIsBelowTheEstimate() {
        ChatModel limited = hundredTokensPerMinuteEstimatingFifty(
                reporting(Usage.of(15, 5), Usage.of(15, 5), Usage.of(15, 5)));

        limited.chat(request("m"));
        limited.chat(request("m"));
        limited.chat(request("m"));

        // each call reserves 50 and is refunded 30, so 100 - 20 - 20 = 60 remain for the third: no wait
        assertThat(time.waits()).isEmpty();
    }

    @Test
    void chargesTheDifferenceWhenTheReportedUsageExceedsTheEstimate() {
        ChatModel limited = hundredTokensPerMinuteEstimatingFifty(reporting(Usage.of(60, 30), Usage.of(10, 10)));

        limited.chat(request("m"));
        limited.chat(request("m"));

        // the first call used 90, leaving 10; the second needs 40 more: 24 s at 100 tokens/min
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(24));
    }

    @Test
    void reconcilesAStreamWhenItsCompletedEventIsRead() {
        ChatModel limited = hundredTokensPerMinuteEstimatingFifty(ScriptedChatModel.builder()
                .streamReply("a", "b").withUsage(Usage.of(60, 30)).reply("c").withUsage(Usage.of(10, 10)).build());

        limited.stream(request("m")).collect();
        limited.chat(request("m"));

        assertThat(time.waits()).containsExactly(Duration.ofSeconds(24));
    }

    @Test
    void anAbsurdReportedUsageLeavesTheBudgetDeepInDebtRatherThanOverflowing() {
        ChatModel limited = ChatPipeline.builder(reporting(new Usage(Long.MAX_VALUE / 2, 0, 0), Usage.of(1, 0)))
                .interceptor(limiter().tokensPerMinute(1_000_000_000L).tokenEstimator(request -> 1)
                        .maxWait(Duration.ofMinutes(1)).build()).build();

        limited.chat(request("m"));

        assertThatThrownBy(() -> limited.chat(request("m")))
                .isInstanceOfSatisfying(RateLimitExceededException.class,
                        e -> assertThat(e.wouldWait().orElseThrow()).isGreaterThan(Duration.ofMinutes(1)));
    }

    @Test
    void defaultEstimateCountsAQuarterOfTheCharactersPlusMaxTokens() {
        ChatRequest request = ChatRequest.of(Message.system("12345678"), Message.user("123456789"))
                .withOptions(ChatOptions.of("m").withMaxTokens(100));

        // 17 characters -> ceil(17 / 4) = 5 input tokens, plus 100 for the output
        assertThat(RateLimiter.builder().tokensPerMinute(1_000).build().estimatedTokens(request)).isEqualTo(105);
    }

    @Test
    void laterCallersWaitBehindEarlierOnesEvenWhenTheyNeedLess() throws InterruptedException {
        Map<String, Duration> waits = new ConcurrentHashMap<>();
        Semaphore reserved = new Semaphore(0);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        // each caller records its wait, then blocks until all have queued
        RateLimiter blocking = RateLimiter.builder().clock(time).maxWait(Duration.ofMinutes(5))
                .tokensPerMinute(1000).tokenEstimator(request -> Long.parseLong(
                        ((UserMessage) request.messages().get(0)).text()))
                .sleeper(wait -> {
                    waits.put(Thread.currentThread().getName(), wait);
                    reserved.release();
                    release.await();
                }).build();
        // the model reports exactly the estimated tokens, so reconciliation changes nothing
        ScriptedChatModel exact = ScriptedChatModel.builder().responder(request -> new ChatResponse(
                AssistantMessage.of("ok"), Usage.of(Long.parseLong(((UserMessage) request.messages().get(0)).text()), 0),
                FinishReason.STOP, "m", "test", Duration.ZERO, "r")).build();
        ChatModel queued = ChatPipeline.builder(exact).interceptor(blocking).build();
        queued.chat(ChatRequest.of("1000"));

        List<Thread> threads = new ArrayList<>();
        for (String tokens : List.of("600", "10", "300")) {
            Thread thread = Thread.ofVirtual().name("needs-" + tokens)
                    .uncaughtExceptionHandler((t, e) -> failures.add(e))
                    .start(() -> queued.chat(ChatRequest.of(tokens)));
            threads.add(thread);
            // a safety bound only: each caller reserves at once, so this never waits long
            assertThat(reserved.tryAcquire(10, TimeUnit.SECONDS)).as("caller %s reserved; failures %s", tokens, failures).isTrue();
        }
        release.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        // 1000 tokens/min = 60 ms per token: 600 -> 36 s; 10 more -> 36.6 s; 300 more -> 54.6 s
        assertThat(waits).containsExactlyInAnyOrderEntriesOf(Map.of(
                "needs-600", Duration.ofSeconds(36),
                "needs-10", Duration.ofMillis(36_600),
                "needs-300", Duration.ofMillis(54_600)));
        assertThat(failures).isEmpty();
        assertThat(exact.callCount()).isEqualTo(4);
    }

    @Test
    void failsWithoutWaitingWhenTheWaitWouldExceedMaxWait() {
        ChatModel limited = pipeline(limiter().requestsPerMinute(2).maxWait(Duration.ofSeconds(20)).build());
        limited.chat(request("m"));
        limited.chat(request("m"));

        assertThatThrownBy(() -> limited.chat(request("m")))
                .isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(Limit.REQUESTS_PER_MINUTE);
                    assertThat(e.model()).isEqualTo("m");
                    assertThat(e.wouldWait()).contains(Duration.ofSeconds(30));
                })
                .hasMessageContaining("2 requests per minute")
                .hasMessageContaining("PT30S")
                .hasMessageContaining("maxWait PT20S");

        assertThat(time.waits()).isEmpty();
        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void aRefusedCallReservesNothing() {
        ChatModel limited = pipeline(limiter().requestsPerMinute(2).maxWait(Duration.ofSeconds(29)).build());
        limited.chat(request("m"));
        limited.chat(request("m"));
        assertThatThrownBy(() -> limited.chat(request("m")))
                .isInstanceOf(RateLimitExceededException.class);
        time.advance(Duration.ofSeconds(1));

        limited.chat(request("m"));

        // had the refused call reserved its slot, this one would wait 59 s (and be refused too)
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(29));
    }

    @Test
    void aRequestLargerThanTheWholeTokenBudgetFailsAtOnceNamingTheLimit() {
        ChatModel limited = pipeline(limiter().tokensPerMinute(100).tokenEstimator(request -> 101).build());

        assertThatThrownBy(() -> limited.chat(request("m")))
                .isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(Limit.TOKENS_PER_MINUTE);
                    assertThat(e.wouldWait()).isEmpty();
                })
                .hasMessageContaining("101 tokens")
                .hasMessageContaining("100 tokens per minute");

        assertThat(model.callCount()).isZero();
    }

    @Test
    void anInterruptedWaitRestoresTheFlagAndSendsNothing() {
        ChatModel limited = ChatPipeline.builder(model).interceptor(limiter().requestsPerMinute(1)
                .sleeper(wait -> {
                    throw new InterruptedException("stop");
                }).build()).build();
        limited.chat(request("m"));

        try {
            assertThatThrownBy(() -> limited.chat(request("m")))
                    .isInstanceOf(LlmopsException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(model.callCount()).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsABuilderWithoutAnyBudget() {
        assertThatThrownBy(() -> RateLimiter.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requestsPerMinute(..)");
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(() -> RateLimiter.builder().requestsPerMinute(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestsPerMinute 0 is outside");
    }
}
