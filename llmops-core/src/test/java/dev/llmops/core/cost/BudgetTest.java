package dev.llmops.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.Usage;
import dev.llmops.core.testing.ScriptedChatModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetTest {
    /** $1 per output token, input free: a call with maxTokens 1 is estimated at exactly $1. */
    private static final PriceTable METERED = PriceTable.empty()
            .with("scripted", "metered", ModelPrice.perMillionTokens("0", "0", "1000000"));

    private static final ChatRequest ONE_TOKEN = ChatRequest.of("hi")
            .withOptions(ChatOptions.of("metered").withMaxTokens(1));

    private static ChatResponse oneOutputToken(ChatRequest request) {
        return new ChatResponse(AssistantMessage.of("x"), Usage.of(1, 1), FinishReason.STOP, "metered", "scripted",
                Duration.ZERO, "id");
    }

    private static ChatModel pipeline(ChatModel model, CostTracker tracker) {
        return ChatPipeline.builder(model).interceptor(tracker).build();
    }

    @Test
    void budgetRefusesExactlyTheCallThatWouldCrossItBeforeTheModelSeesIt() {
        Budget run = Budget.of("run", "2.5");
        ScriptedChatModel scripted = ScriptedChatModel.builder().responder(BudgetTest::oneOutputToken).build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(run).build());

        model.chat(ONE_TOKEN);
        model.chat(ONE_TOKEN);

        assertThatThrownBy(() -> model.chat(ONE_TOKEN)).isInstanceOf(BudgetExceededException.class);
        assertThat(scripted.requests()).hasSize(2);
        assertThat(run.spent()).isEqualByComparingTo("2");
        assertThat(run.reserved()).isEqualByComparingTo("0");
    }

    @Test
    void callThatReachesTheLimitExactlyIsAllowed() {
        Budget run = Budget.of("run", "2");
        ChatModel model = pipeline(ScriptedChatModel.builder().responder(BudgetTest::oneOutputToken).build(),
                CostTracker.builder().priceTable(METERED).budget(run).build());

        model.chat(ONE_TOKEN);
        model.chat(ONE_TOKEN);

        assertThat(run.spent()).isEqualByComparingTo("2");
        assertThat(run.remaining()).isEqualByComparingTo("0");
    }

    @Test
    void refusalNamesTheBudgetSpentEstimateAndLimit() {
        Budget run = Budget.of("nightly-eval", "1.5");
        ChatModel model = pipeline(ScriptedChatModel.builder().responder(BudgetTest::oneOutputToken).build(),
                CostTracker.builder().priceTable(METERED).budget(run).build());
        model.chat(ONE_TOKEN);

        assertThatThrownBy(() -> model.chat(ONE_TOKEN))
                .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                    assertThat(e.budget()).isEqualTo("nightly-eval");
                    assertThat(e.spent()).isEqualByComparingTo("1");
                    assertThat(e.estimate()).isEqualByComparingTo("1");
                    assertThat(e.limit()).isEqualByComparingTo("1.5");
                })
                .hasMessageContaining("'nightly-eval'").hasMessageContaining("$1").hasMessageContaining("$1.5");
    }

    @Test
    void failedCallReleasesItsReservation() {
        Budget run = Budget.of("run", "1");
        ScriptedChatModel scripted = ScriptedChatModel.builder()
                .fail(new ProviderUnavailableException("scripted", 503, null, null, "down", null))
                .responder(BudgetTest::oneOutputToken).build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(run).build());

        assertThatThrownBy(() -> model.chat(ONE_TOKEN)).isInstanceOf(ProviderUnavailableException.class);

        assertThat(run.reserved()).isEqualByComparingTo("0");
        assertThat(run.spent()).isEqualByComparingTo("0");
        model.chat(ONE_TOKEN);
        assertThat(run.spent()).isEqualByComparingTo("1");
    }

    @Test
    void streamCutMidwayReleasesItsReservation() {
        Budget run = Budget.of("run", "1");
        ScriptedChatModel scripted = ScriptedChatModel.builder()
                .streamFailure(List.of("par"), new ProviderUnavailableException("scripted", 503, null, null, "cut", null))
                .build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(run).build());

        assertThatThrownBy(() -> model.stream(ONE_TOKEN).collect()).isInstanceOf(ProviderUnavailableException.class);

        assertThat(run.reserved()).isEqualByComparingTo("0");
        assertThat(run.spent()).isEqualByComparingTo("0");
    }

    @Test
    void streamClosedBeforeCompletingReleasesItsReservation() {
        Budget run = Budget.of("run", "1");
        ScriptedChatModel scripted = ScriptedChatModel.builder().streamReply("a", "b").build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(run).build());

        try (var stream = model.stream(ONE_TOKEN)) {
            stream.iterator().next();
            assertThat(run.reserved()).isEqualByComparingTo("1");
        }

        assertThat(run.reserved()).isEqualByComparingTo("0");
        assertThat(run.spent()).isEqualByComparingTo("0");
    }

    @Test
    void answerFromAnUnpricedModelIsCommittedAtItsEstimate() {
        Budget run = Budget.of("run", "10");
        ScriptedChatModel scripted = ScriptedChatModel.builder().reply(new ChatResponse(AssistantMessage.of("x"),
                Usage.of(1, 1), FinishReason.STOP, "metered-2099-preview", "elsewhere", Duration.ZERO, "id")).build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(run).build());

        model.chat(ChatRequest.of("hi").withOptions(ChatOptions.of("metered").withMaxTokens(3)));

        assertThat(run.spent()).isEqualByComparingTo("3");
    }

    @Test
    void streamedCallIsCommittedAtItsActualCost() {
        Budget run = Budget.of("run", "10");
        ScriptedChatModel scripted = ScriptedChatModel.builder().streamReply("a", "b").withUsage(Usage.of(0, 3)).build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(run).build());

        model.stream(ChatRequest.of("hi").withOptions(ChatOptions.of("metered").withMaxTokens(5))).collect();

        assertThat(run.spent()).isEqualByComparingTo("3");
        assertThat(run.reserved()).isEqualByComparingTo("0");
    }

    @Test
    void concurrentCallersCannotOvershootTogether() throws Exception {
        int threads = 16;
        int affordable = 5;
        Budget run = Budget.of("run", BigDecimal.valueOf(affordable));
        CountDownLatch everyoneDecided = new CountDownLatch(threads);
        AtomicInteger refused = new AtomicInteger();
        ScriptedChatModel scripted = ScriptedChatModel.builder().responder(request -> {
            // Hold every admitted call in flight until each thread was admitted or refused.
            everyoneDecided.countDown();
            awaitQuietly(everyoneDecided);
            return oneOutputToken(request);
        }).build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(run).build());

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    awaitQuietly(start);
                    try {
                        model.chat(ONE_TOKEN);
                    } catch (BudgetExceededException e) {
                        refused.incrementAndGet();
                        everyoneDecided.countDown();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(scripted.callCount()).isEqualTo(affordable);
        assertThat(refused).hasValue(threads - affordable);
        assertThat(run.spent()).isEqualByComparingTo(BigDecimal.valueOf(affordable));
        assertThat(run.reserved()).isEqualByComparingTo("0");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void dailyBudgetResetsOnTheNextDayOfTheClock() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T22:30:00Z"));
        DailyBudget daily = DailyBudget.of("assistant", BigDecimal.ONE, clock, ZoneOffset.UTC);
        ScriptedChatModel scripted = ScriptedChatModel.builder().responder(BudgetTest::oneOutputToken).build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).dailyBudget(daily).build());
        model.chat(ONE_TOKEN);
        assertThatThrownBy(() -> model.chat(ONE_TOKEN)).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("assistant 2026-11-23");

        clock.advance(Duration.ofHours(2));
        model.chat(ONE_TOKEN);

        assertThat(scripted.callCount()).isEqualTo(2);
        assertThat(daily.today().spent()).isEqualByComparingTo("1");
        assertThat(daily.date()).hasToString("2026-11-24");
    }

    @Test
    void dailyBudgetCountsDaysInItsZone() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T23:30:00Z"));

        DailyBudget paris = DailyBudget.of("assistant", BigDecimal.ONE, clock, ZoneId.of("Europe/Paris"));

        assertThat(paris.date()).hasToString("2026-11-24");
    }

    @Test
    void negativeLimitIsRefusedNamingTheBudget() {
        assertThatThrownBy(() -> Budget.of("run", "-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget 'run' has a negative limit $-1");
    }

    @Test
    void blankNameIsRefused() {
        assertThatThrownBy(() -> DailyBudget.of(" ", BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget name is blank");
    }

    @Test
    void reservationSettlesOnlyOnce() {
        Budget run = Budget.of("run", "10");
        Budget.Reservation reservation = run.reserve(new BigDecimal("4"));

        reservation.commit(new BigDecimal("3"));
        reservation.release();
        reservation.commit(new BigDecimal("3"));

        assertThat(run.spent()).isEqualByComparingTo("3");
        assertThat(run.reserved()).isEqualByComparingTo("0");
    }

    @Test
    void refusalByOneBudgetReleasesTheOthers() {
        Budget roomy = Budget.of("roomy", "100");
        Budget tight = Budget.of("tight", "0.5");
        ScriptedChatModel scripted = ScriptedChatModel.builder().responder(BudgetTest::oneOutputToken).build();
        ChatModel model = pipeline(scripted, CostTracker.builder().priceTable(METERED).budget(roomy).budget(tight).build());

        assertThatThrownBy(() -> model.chat(ONE_TOKEN)).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("'tight'");

        assertThat(roomy.reserved()).isEqualByComparingTo("0");
        assertThat(scripted.callCount()).isZero();
    }
}
