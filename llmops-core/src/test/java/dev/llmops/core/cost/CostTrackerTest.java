package dev.llmops.core.cost;

import dev.llmops.core.TokenEstimator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.CallContext;
import dev.llmops.core.ChatListener;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Cost;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.Usage;
import dev.llmops.core.testing.ScriptedChatModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CostTrackerTest {

    private static ChatRequest request(String model, String text) {
        return ChatRequest.of(text).withOptions(ChatOptions.of(model));
    }

    private static ChatRequest tagged(String prompt, String version, String tag) {
        ChatOptions options = ChatOptions.of("gpt-4o-mini").withMetadata(CostTracker.TAG, tag);
        if (prompt != null) {
            options = options.withMetadata(ChatOptions.PROMPT_NAME, prompt).withMetadata(ChatOptions.PROMPT_VERSION, version);
        }
        return ChatRequest.of("question").withOptions(options);
    }

    /** Three gpt-4o-mini calls of known usage; costs by hand at $0.15 / $0.075 / $0.60 per million tokens. */
    private static ScriptedChatModel threeCalls() {
        return ScriptedChatModel.builder()
                .reply("a").withUsage(new Usage(1_200, 300, 0))        // 1200 x 0.15 + 300 x 0.60 = 360 micro-USD
                .reply("b").withUsage(new Usage(2_000, 500, 1_000))    // 1000 x 0.15 + 1000 x 0.075 + 500 x 0.60 = 525
                .reply("c").withUsage(new Usage(10_000, 1_000, 8_000)) // 2000 x 0.15 + 8000 x 0.075 + 1000 x 0.60 = 1500
                .build();
    }

    @Test
    void scriptedRunCostsExactlyTheHandComputedAmount() {
        CostTracker tracker = CostTracker.create();
        ChatModel model = ChatPipeline.builder(threeCalls()).interceptor(tracker).build();

        List<ChatResponse> responses = List.of(model.chat(tagged("summarise", "1", "support")),
                model.chat(tagged("summarise", "2", "support")), model.chat(tagged(null, null, "sales")));

        assertThat(responses.get(0).cost().total()).isEqualByComparingTo("0.00036");
        assertThat(responses.get(1).cost().total()).isEqualByComparingTo("0.000525");
        assertThat(responses.get(2).cost().total()).isEqualByComparingTo("0.0015");
        assertThat(tracker.snapshot().total().costUsd()).isEqualByComparingTo("0.002385");
    }

    @Test
    void totalsAreKeptPerModelPromptAndTag() {
        CostTracker tracker = CostTracker.create();
        ChatModel model = ChatPipeline.builder(threeCalls()).interceptor(tracker).build();

        model.chat(tagged("summarise", "1", "support"));
        model.chat(tagged("summarise", "2", "support"));
        model.chat(tagged(null, null, "sales"));

        UsageSnapshot snapshot = tracker.snapshot();
        assertThat(snapshot.model("gpt-4o-mini").calls()).isEqualTo(3);
        assertThat(snapshot.model("gpt-4o-mini").usage()).isEqualTo(new Usage(13_200, 1_800, 9_000));
        assertThat(snapshot.prompt("summarise", "1").costUsd()).isEqualByComparingTo("0.00036");
        assertThat(snapshot.prompt("summarise", "2").costUsd()).isEqualByComparingTo("0.000525");
        assertThat(snapshot.byPrompt()).hasSize(2);
        assertThat(snapshot.tag("support").costUsd()).isEqualByComparingTo("0.000885");
        assertThat(snapshot.tag("sales").calls()).isEqualTo(1);
    }

    @Test
    void promptWithoutAVersionIsCountedUnderItsName() {
        CostTracker tracker = CostTracker.create();
        ChatModel model = ChatPipeline.builder(threeCalls()).interceptor(tracker).build();

        model.chat(ChatRequest.of("hi").withOptions(ChatOptions.of("gpt-4o-mini").withMetadata(ChatOptions.PROMPT_NAME, "greet")));

        assertThat(tracker.snapshot().prompt("greet", null).calls()).isEqualTo(1);
        assertThat(tracker.snapshot().byPrompt()).containsOnlyKeys("greet");
    }

    @Test
    void snapshotIsImmutableAndDoesNotChangeWithLaterCalls() {
        CostTracker tracker = CostTracker.create();
        ChatModel model = ChatPipeline.builder(threeCalls()).interceptor(tracker).build();
        model.chat(tagged(null, null, "sales"));

        UsageSnapshot before = tracker.snapshot();
        model.chat(tagged(null, null, "sales"));

        assertThat(before.tag("sales").calls()).isEqualTo(1);
        assertThat(tracker.snapshot().tag("sales").calls()).isEqualTo(2);
        assertThatThrownBy(() -> before.byTag().put("x", Totals.NONE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrentCallsAreAllCountedExactly() throws Exception {
        int threads = 8;
        int callsEach = 50;
        CostTracker tracker = CostTracker.create();
        ChatModel model = ChatPipeline.builder(ScriptedChatModel.builder()
                .responder(request -> new ChatResponse(AssistantMessage.of("x"), new Usage(2_000, 500, 1_000), FinishReason.STOP,
                        "gpt-4o-mini", "openai", Duration.ZERO, "id"))
                .build()).interceptor(tracker).build();

        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < callsEach; i++) {
                        model.chat(tagged(null, null, "load"));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        Totals load = tracker.snapshot().tag("load");
        assertThat(load.calls()).isEqualTo(400);
        assertThat(load.usage()).isEqualTo(new Usage(800_000, 200_000, 400_000));
        assertThat(load.costUsd()).isEqualByComparingTo("0.21"); // 400 x 0.000525
    }

    @Test
    void streamedResponseIsPricedInItsCompletedEvent() {
        CostTracker tracker = CostTracker.create();
        ScriptedChatModel scripted = ScriptedChatModel.builder()
                .streamReply("Hel", "lo").withUsage(new Usage(1_000, 1_000, 0)).build();
        ChatModel model = ChatPipeline.builder(scripted).interceptor(tracker).build();

        ChatResponse response = model.stream(request("gpt-4o-mini", "hi")).collect();

        assertThat(response.cost().total()).isEqualByComparingTo("0.00075");
        assertThat(tracker.snapshot().total().costUsd()).isEqualByComparingTo("0.00075");
    }

    @Test
    void unpricedModelIsCountedAsUnpricedNotFree() {
        CostTracker tracker = CostTracker.create();
        ChatModel model = ChatPipeline.builder(ScriptedChatModel.builder().reply("x").build()).interceptor(tracker).build();

        ChatResponse response = model.chat(request("home-grown-7b", "hi"));

        assertThat(response.cost()).isEqualTo(Cost.UNKNOWN);
        assertThat(tracker.snapshot().total().unpricedCalls()).isEqualTo(1);
        assertThat(tracker.snapshot().total().isFullyPriced()).isFalse();
    }

    @Test
    void cacheHitCountsAsAHitAndSpendsNothing() {
        CostTracker tracker = CostTracker.create();
        ChatResponse cached = new ChatResponse(AssistantMessage.of("x"), new Usage(5_000, 5_000, 0), FinishReason.STOP,
                "gpt-4o-mini", "openai", Duration.ZERO, "id", Cost.CACHED);
        ChatModel model = ChatPipeline.builder(ScriptedChatModel.builder().reply(cached).build()).interceptor(tracker).build();

        ChatResponse response = model.chat(request("gpt-4o-mini", "hi"));

        assertThat(response.cost()).isEqualTo(Cost.CACHED);
        Totals total = tracker.snapshot().total();
        assertThat(total.cacheHits()).isEqualTo(1);
        assertThat(total.calls()).isZero();
        assertThat(total.usage()).isEqualTo(Usage.ZERO);
        assertThat(total.costUsd()).isEqualByComparingTo("0");
    }

    @Test
    void costIsPutInTheCallContext() {
        List<Cost> seen = new CopyOnWriteArrayList<>();
        ChatModel model = ChatPipeline.builder(ScriptedChatModel.builder().reply("x").withUsage(Usage.of(1_000_000, 0)).build())
                .interceptor(CostTracker.create())
                .listener(new ChatListener() {
                    @Override
                    public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                        seen.add(context.get(CostTracker.COST_ATTRIBUTE, Cost.class).orElseThrow());
                    }
                })
                .build();

        model.chat(request("gpt-4o-mini", "hi"));

        assertThat(seen).singleElement().satisfies(cost -> assertThat(cost.total()).isEqualByComparingTo("0.15"));
    }

    @Test
    void worstCaseEstimateIsInputAtTheFullRatePlusMaxTokensAtTheOutputRate() {
        CostTracker tracker = CostTracker.builder().tokenEstimator(request -> 10_000).build();

        BigDecimal estimate = tracker.estimateWorstCase(ChatRequest.of("hi")
                .withOptions(ChatOptions.of("gpt-4o-mini").withMaxTokens(1_000))).orElseThrow();

        // 10,000 x 0.15 + 1,000 x 0.60 per million
        assertThat(estimate).isEqualByComparingTo("0.0021");
    }

    @Test
    void requestWithoutMaxTokensIsEstimatedWithTheDefault() {
        CostTracker tracker = CostTracker.builder().tokenEstimator(request -> 0).defaultMaxOutputTokens(2_000).build();

        assertThat(tracker.estimateWorstCase(request("gpt-4o-mini", "hi")).orElseThrow()).isEqualByComparingTo("0.0012");
    }

    @Test
    void defaultEstimatorCountsAboutFourCharactersAToken() {
        assertThat(TokenEstimator.defaults().inputTokens(ChatRequest.of("123456789"))).isEqualTo(3);
    }

    @Test
    void requestWithoutAModelUsesTheDefaultModelForItsEstimate() {
        CostTracker tracker = CostTracker.builder().tokenEstimator(request -> 0).defaultModel("gpt-4o-mini").build();

        assertThat(tracker.estimateWorstCase(ChatRequest.of("hi").withOptions(ChatOptions.defaults().withMaxTokens(1_000))))
                .hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo("0.0006"));
        assertThat(CostTracker.create().estimateWorstCase(ChatRequest.of("hi"))).isEmpty();
    }

    @Test
    void nonPositiveDefaultMaxOutputTokensIsRefused() {
        assertThatThrownBy(() -> CostTracker.builder().defaultMaxOutputTokens(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default max output tokens 0 is not positive");
    }

    @Test
    void failedCallIsNotCounted() {
        CostTracker tracker = CostTracker.create();
        ChatModel model = ChatPipeline.builder(ScriptedChatModel.builder()
                .fail(new ProviderUnavailableException("scripted", 503, null, null, "down", null)).build())
                .interceptor(tracker).build();

        assertThatThrownBy(() -> model.chat(request("gpt-4o-mini", "hi"))).isInstanceOf(ProviderUnavailableException.class);
        assertThat(tracker.snapshot().total()).isEqualTo(Totals.NONE);
    }
}
